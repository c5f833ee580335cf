# A clean module: two VPCs of one account peered (accepting_ali_uid left
# out, as Terraform allows), and an inter-region peering to another account.
# Nothing to report.
provider "alicloud" {
  region = "cn-hangzhou"
}

resource "alicloud_vpc" "app" {
  vpc_name   = "app"
  cidr_block = "172.16.0.0/16"
}

resource "alicloud_vpc" "db" {
  vpc_name   = "db"
  cidr_block = "192.168.0.0/16"
}

resource "alicloud_vpc_peer_connection" "app_db" {
  peer_connection_name = "app-to-db"
  vpc_id               = alicloud_vpc.app.id
  accepting_region_id  = "cn-hangzhou"
  accepting_vpc_id     = alicloud_vpc.db.id
  description          = "app tier to db tier"
}

resource "alicloud_vpc_peer_connection" "app_partner" {
  peer_connection_name = "app-to-partner"
  vpc_id               = alicloud_vpc.app.id
  accepting_ali_uid    = "1210123456123456"
  accepting_region_id  = "cn-shanghai"
  accepting_vpc_id     = "vpc-uf6bq4rl0nk2lqx8mrvxa"
  bandwidth            = 100
  link_type            = "Gold"
  dry_run              = false
  force_delete         = true

  tags = {
    owner = "network-team"
  }

  timeouts {
    create = "10m"
  }
}
