resource "aws_vpc" "app" {
  cidr_block = "10.30.0.0/16"
  region     = "us-east-1"
}

resource "aws_vpc" "analytics" {
  cidr_block      = "10.40.0.0/16"
  ipv6_cidr_block = "2600:1f18:aaaa:bb00::/56"
  region          = "us-west-2"
}

resource "aws_vpc" "legacy" {
  cidr_block = "10.30.128.0/17"
}
