resource "acme_net" "app" {
  cidr_block = "100.64.0.0/16"
}

resource "acme_net" "db" {
  cidr_block = var.db_cidr
}

variable "db_cidr" {
  default = "100.64.8.0/21"
}
