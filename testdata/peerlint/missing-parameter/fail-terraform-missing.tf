# A required argument given as an expression is present; one not given is
# reported at the block's header.
resource "acme_net_link" "half" {
  zone  = var.zone
  title = "half"
}
