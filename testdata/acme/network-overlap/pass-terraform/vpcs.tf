resource "acme_net" "app" {
  cidr_block = "100.64.0.0/16"
  zone       = "z1"
}

resource "acme_net" "db" {
  cidr_block = "100.65.0.0/16"
  zone       = "z1"
}
