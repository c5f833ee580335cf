variable "zone" {
  type    = string
  default = "z1"
}

resource "acme_net" "app" {
  cidr_block = "100.64.0.0/16"
  zone       = var.zone
}

resource "acme_net" "db" {
  cidr_block = "100.64.128.0/20"
  zone       = var.zone
}
