# Values not known until apply are never malformed: a reference, a
# template and a function call.
resource "acme_net_link" "unknown" {
  zone          = "z1"
  title         = "unknown"
  source_net_id = data.acme_net.shared.id
  target_net_id = "z1-${var.net_suffix}"
  note          = format("net%03d", 7)
}

resource "acme_net_link" "called" {
  zone          = "z1"
  title         = "called"
  source_net_id = lookup(var.nets, "app")
  target_net_id = "z1-net002"
}
