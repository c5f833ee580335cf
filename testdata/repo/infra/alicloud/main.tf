provider "alicloud" {
  region = "cn-hangzhou"
}

data "alicloud_account" "current" {}

data "alicloud_zones" "default" {
  available_resource_creation = "VSwitch"
}

resource "alicloud_vpc" "app" {
  vpc_name   = "app"
  cidr_block = "172.16.0.0/16"
}

resource "alicloud_vpc" "data" {
  vpc_name   = "data"
  cidr_block = "192.168.0.0/16"
}

resource "alicloud_vswitch" "app" {
  vswitch_name = "app-a"
  vpc_id       = alicloud_vpc.app.id
  cidr_block   = "172.16.1.0/24"
  zone_id      = data.alicloud_zones.default.zones[0].id
}

resource "alicloud_vpc_peer_connection" "app_data" {
  peer_connection_name = "app-to-data"
  vpc_id               = alicloud_vpc.app.id
  accepting_ali_uid    = data.alicloud_account.current.id
  accepting_region_id  = "cn-hangzhou"
  accepting_vpc_id     = alicloud_vpc.data.id
  description          = "app tier to data tier"

  tags = {
    env = "prod"
  }
}

resource "alicloud_vpc_peer_connection" "app_dr" {
  peer_connection_name = "app-to-dr"
  vpc_id               = alicloud_vpc.app.id
  accepting_ali_uid    = data.alicloud_account.current.id
  accepting_region_id  = "cn-shanghai"
  accepting_vpc_id     = var.dr_vpc_id
  bandwidth            = 100
  link_type            = "Gold"
}

variable "dr_vpc_id" {
  type = string
}

resource "alicloud_route_entry" "app_to_data" {
  route_table_id        = alicloud_vpc.app.route_table_id
  destination_cidrblock = alicloud_vpc.data.cidr_block
  nexthop_type          = "VpcPeer"
  nexthop_id            = alicloud_vpc_peer_connection.app_data.id
}
