# A clean module: two VPCs of one account and region peered, and a peering
# to another account's VPC in another region. Nothing to report.
provider "aws" {
  region = "eu-west-1"
}

variable "shared_account_id" {
  type    = string
  default = "210987654321"
}

resource "aws_vpc" "app" {
  cidr_block = "10.10.0.0/16"

  tags = {
    Name = "app"
  }
}

resource "aws_vpc" "db" {
  cidr_block                       = "10.20.0.0/16"
  assign_generated_ipv6_cidr_block = true
}

resource "aws_vpc_peering_connection" "app_db" {
  vpc_id      = aws_vpc.app.id
  peer_vpc_id = aws_vpc.db.id
  auto_accept = true

  accepter {
    allow_remote_vpc_dns_resolution = true
  }

  requester {
    allow_remote_vpc_dns_resolution = true
  }

  tags = {
    Name = "app-to-db"
  }

  timeouts {
    create = "5m"
  }
}

resource "aws_vpc_peering_connection" "app_shared" {
  vpc_id        = aws_vpc.app.id
  peer_vpc_id   = "vpc-0a1b2c3d4e5f67890"
  peer_owner_id = var.shared_account_id
  peer_region   = "us-east-1"
}
