# A clean module: two VPCs of one region peered, and a peering to another
# tenant's VPC. Nothing to report.
provider "huaweicloud" {
  region = "cn-north-4"
}

resource "huaweicloud_vpc" "app" {
  name = "app"
  cidr = "192.168.0.0/16"
}

resource "huaweicloud_vpc" "db" {
  name            = "db"
  cidr            = "172.16.0.0/16"
  secondary_cidrs = ["172.17.0.0/16"]
}

resource "huaweicloud_vpc_peering_connection" "app_db" {
  name        = "app_db"
  description = "app tier to db tier"
  vpc_id      = huaweicloud_vpc.app.id
  peer_vpc_id = huaweicloud_vpc.db.id

  timeouts {
    create = "10m"
  }
}

resource "huaweicloud_vpc_peering_connection" "app_partner" {
  region         = "cn-north-4"
  name           = "app-partner"
  vpc_id         = huaweicloud_vpc.app.id
  peer_vpc_id    = "f583c072-0bb8-4e19-afb2-afb7c1693be5"
  peer_tenant_id = "8185f87d043f4519a68420a282b5e2fa"
}
