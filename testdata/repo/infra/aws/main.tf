terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Team = "platform"
    }
  }
}

data "aws_caller_identity" "current" {}

locals {
  azs = ["${var.region}a", "${var.region}b"]
}

resource "aws_vpc" "app" {
  cidr_block           = "10.100.0.0/16"
  enable_dns_hostnames = true

  tags = {
    Name = "app"
  }
}

resource "aws_vpc" "shared" {
  cidr_block = "10.101.0.0/16"

  tags = {
    Name = "shared"
  }
}

resource "aws_subnet" "app_private" {
  count             = length(local.azs)
  vpc_id            = aws_vpc.app.id
  cidr_block        = cidrsubnet(aws_vpc.app.cidr_block, 4, count.index)
  availability_zone = local.azs[count.index]
}

resource "aws_route_table" "app" {
  vpc_id = aws_vpc.app.id
}

resource "aws_vpc_peering_connection" "app_shared" {
  vpc_id      = aws_vpc.app.id
  peer_vpc_id = aws_vpc.shared.id
  auto_accept = true

  requester {
    allow_remote_vpc_dns_resolution = true
  }

  tags = {
    Name = "app-to-shared"
  }
}

resource "aws_vpc_peering_connection" "app_partner" {
  vpc_id        = aws_vpc.app.id
  peer_vpc_id   = var.partner_vpc_id
  peer_owner_id = var.partner_account_id
  peer_region   = var.partner_region

  tags = {
    Name = "app-to-partner"
  }
}

resource "aws_route" "app_to_shared" {
  route_table_id            = aws_route_table.app.id
  destination_cidr_block    = aws_vpc.shared.cidr_block
  vpc_peering_connection_id = aws_vpc_peering_connection.app_shared.id
}

resource "aws_security_group_rule" "from_shared" {
  type              = "ingress"
  from_port         = 443
  to_port           = 443
  protocol          = "tcp"
  cidr_blocks       = [aws_vpc.shared.cidr_block]
  security_group_id = aws_vpc.app.default_security_group_id
}
