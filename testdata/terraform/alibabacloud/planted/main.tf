# Planted violations (tests/terraform.rs pins each).
resource "alicloud_vpc" "core" {
  cidr_block = "10.0.0.0/8"
}

resource "alicloud_vpc" "edge" {
  cidr_block            = "172.16.0.0/12"
  secondary_cidr_blocks = ["10.1.0.0/16"]
}

resource "alicloud_vpc_peer_connection" "core_edge" {
  peer_connection_name = "1st-peering"
  vpc_id               = alicloud_vpc.core.id
  accepting_ali_uid    = 1210123456123456
  accepting_region_id  = "cn-shanghai"
  accepting_vpc_id     = alicloud_vpc.edge.id
  link_type            = "Silver"
  bandwidth            = 0
}
