provider "huaweicloud" {
  region = "cn-north-4"
}

resource "huaweicloud_vpc" "app" {
  name = "vpc-app"
  cidr = "192.168.0.0/16"
}

resource "huaweicloud_vpc" "db" {
  name = "vpc-db"
  cidr = "172.16.0.0/16"
}

resource "huaweicloud_vpc_subnet" "app" {
  name       = "subnet-app"
  vpc_id     = huaweicloud_vpc.app.id
  cidr       = "192.168.1.0/24"
  gateway_ip = "192.168.1.1"
}

resource "huaweicloud_vpc_peering_connection" "app_db" {
  name        = "app_db"
  description = "app tier to db tier"
  vpc_id      = huaweicloud_vpc.app.id
  peer_vpc_id = huaweicloud_vpc.db.id
}

resource "huaweicloud_vpc_route" "app_to_db" {
  vpc_id      = huaweicloud_vpc.app.id
  destination = huaweicloud_vpc.db.cidr
  type        = "peering"
  nexthop     = huaweicloud_vpc_peering_connection.app_db.id
}
