# A clean module: two VPCs of one region peered, and a cross-region peering
# to another account. Nothing to report.
provider "tencentcloud" {
  region = "ap-guangzhou"
}

resource "tencentcloud_vpc" "app" {
  name       = "app"
  cidr_block = "10.0.0.0/16"
}

resource "tencentcloud_vpc" "db" {
  name            = "db"
  cidr_block      = "172.16.0.0/16"
  assistant_cidrs = ["172.17.0.0/24"]
}

resource "tencentcloud_vpc_peer_connect_manager" "app_db" {
  source_vpc_id           = tencentcloud_vpc.app.id
  peering_connection_name = "app-db"
  destination_vpc_id      = tencentcloud_vpc.db.id
  destination_uin         = "100002840663"
  destination_region      = "ap-guangzhou"
}

# Terraform converts a number to the string DestinationUin, and the string
# "100" to the number Bandwidth.
resource "tencentcloud_vpc_peer_connect_manager" "app_shanghai" {
  source_vpc_id           = tencentcloud_vpc.app.id
  peering_connection_name = "app-to-shanghai"
  destination_vpc_id      = "vpc-938r310k"
  destination_uin         = 100022975249
  destination_region      = "ap-shanghai"
  bandwidth               = "100"
  type                    = "VPC_PEER"
  charge_type             = "POSTPAID_BY_DAY_MAX"
  qos_level               = "AU"
}
