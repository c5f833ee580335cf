provider "tencentcloud" {
  region = "ap-guangzhou"
}

variable "partner_uin" {
  type    = string
  default = "100022975249"
}

resource "tencentcloud_vpc" "app" {
  name       = "app"
  cidr_block = "10.0.0.0/16"

  tags = {
    team = "platform"
  }
}

resource "tencentcloud_vpc" "db" {
  name       = "db"
  cidr_block = "172.16.0.0/16"
}

resource "tencentcloud_subnet" "app" {
  name              = "app-gz3"
  vpc_id            = tencentcloud_vpc.app.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "ap-guangzhou-3"
}

resource "tencentcloud_vpc_peer_connect_manager" "app_db" {
  source_vpc_id           = tencentcloud_vpc.app.id
  peering_connection_name = "app-db"
  destination_vpc_id      = tencentcloud_vpc.db.id
  destination_uin         = var.partner_uin
  destination_region      = "ap-guangzhou"
}

resource "tencentcloud_vpc_peer_connect_manager" "app_sh" {
  source_vpc_id           = tencentcloud_vpc.app.id
  peering_connection_name = "app-shanghai"
  destination_vpc_id      = "vpc-938r310k"
  destination_uin         = var.partner_uin
  destination_region      = "ap-shanghai"
  bandwidth               = 100
  charge_type             = "POSTPAID_BY_DAY_MAX"
}

resource "tencentcloud_route_table_entry" "app_to_db" {
  route_table_id         = tencentcloud_vpc.app.default_route_table_id
  destination_cidr_block = tencentcloud_vpc.db.cidr_block
  next_type              = "PEERCONNECTION"
  next_hub               = tencentcloud_vpc_peer_connect_manager.app_db.id
}
