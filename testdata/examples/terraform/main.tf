# A Terraform module whose peering resource is a request. Its provider,
# `acme`, is the test-only rule set testdata/providers/acme.yaml: lint it
# with `--rules testdata/providers` (see the README's Terraform section).
resource "acme_net_link" "app_db" {
  zone          = var.zone
  title         = "App db"
  source_net_id = acme_net.app.id
  target_net_id = acme_net.db.id
  bandwidth     = 2000
  auto_accept   = true
  notes         = "app tier to db tier"
}
