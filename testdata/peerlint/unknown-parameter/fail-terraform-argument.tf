resource "acme_net_link" "typo" {
  zone          = "z1"
  title         = "typo"
  source_net_id = "z1-net001"
  target_net_id = "z1-net002"
  bandwith      = 10
  tags          = { team = "net" }
  lifecycle {
    prevent_destroy = true
  }
}
