variable "partner_account" {
  type    = string
  default = "12345678901"
}

resource "aws_vpc" "app" {
  cidr_block = "10.64.0.0/16"
}

resource "aws_vpc" "db" {
  cidr_block = "10.64.128.0/20"
}
