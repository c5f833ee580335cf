# Two networks declared beside the link, peered through references: their
# blocks are disjoint.
resource "acme_net_link" "app_db" {
  zone          = "z1"
  title         = "app db"
  source_net_id = acme_net.app.id
  target_net_id = acme_net.db.id
}
