# A clean module: nothing to report.
resource "acme_net" "app" {
  cidr_block = "100.64.0.0/16"
  zone       = "z1"
}

resource "acme_net" "db" {
  cidr_block = "100.65.0.0/16"
  zone       = "z1"
}

variable "title" {
  default = "app to db"
}

resource "acme_net_link" "app_db" {
  zone          = "z1"
  title         = var.title
  source_net_id = acme_net.app.id
  target_net_id = acme_net.db.id
  bandwidth     = 100
  tier          = "gold"
  auto_accept   = true

  for_each = toset(["a"])

  dynamic "tag" {
    for_each = var.tags
    content {
      key = tag.key
    }
  }
}

resource "acme_net_link" "existing" {
  zone          = "z1"
  title         = "to legacy"
  source_net_id = "z1-net001"
  target_net_id = "z1-net002"
}
