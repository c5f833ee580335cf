# Planted violations (tests/terraform.rs pins each).
resource "tencentcloud_vpc" "web" {
  name       = "web"
  cidr_block = "10.8.0.0/16"
}

resource "tencentcloud_vpc" "batch" {
  name            = "batch"
  cidr_block      = "172.20.0.0/16"
  assistant_cidrs = ["10.8.4.0/24"]
}

resource "tencentcloud_vpc_peer_connect_manager" "web_batch" {
  source_vpc_id           = tencentcloud_vpc.web.id
  peering_connection_name = "web-batch"
  destination_vpc_id      = tencentcloud_vpc.batch.id
  destination_uin         = "12"
  destination_region      = "ap-guangzhou"
  type                    = "VPC_X"

  timeouts {
    create = "5m"
  }
}
