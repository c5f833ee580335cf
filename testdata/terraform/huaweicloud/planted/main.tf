# Planted violations (tests/terraform.rs pins each).
resource "huaweicloud_vpc" "north" {
  name   = "north"
  cidr   = "192.168.0.0/16"
  region = "cn-north-4"
}

resource "huaweicloud_vpc" "east" {
  name            = "east"
  cidr            = "172.16.0.0/16"
  secondary_cidrs = ["192.168.1.0/24"]
  region          = "cn-east-3"
}

resource "huaweicloud_vpc_peering_connection" "north_east" {
  name        = "north_east"
  description = "<north> to <east>"
  vpc_id      = huaweicloud_vpc.north.id
  peer_vpc_id = huaweicloud_vpc.east.id
  peer_tenant = "8185f87d043f4519a68420a282b5e2fa"
}
