# A Terraform module with planted violations (tests/terraform.rs pins each).
provider "acme" {
  zone = "z1"
}

resource "acme_net_link" "app_db" {
  zone          = "z7"
  title         = "Db link"
  source_net_id = acme_net.app.id
  target_net_id = acme_net.db.id
  bandwidth     = 5000
  tier          = var.tier
  auto_accept   = true
  nte           = "typo"
  count         = 2

  timeouts {
    create = "5m"
  }
}

resource "acme_net_link" "unknown_values" {
  zone          = local.zone
  title         = "${var.prefix}-link"
  source_net_id = lookup(var.nets, "app")
  target_net_id = data.acme_net.peer.id
  bandwidth     = var.bandwidth
  tier          = upper(var.tier_name)
  note          = "peer  ${var.prefix} "
}

resource "acme_net_link" "missing" {
  // peerlint-ignore: acme/title-length -- the legacy name is kept on purpose
  title = "legacy link title"
}
