# Planted violations (tests/terraform.rs pins each).
resource "aws_vpc_peering_connection" "app_legacy" {
  vpc_id      = aws_vpc.app.id
  peer_vpc_id = aws_vpc.legacy.id
}

resource "aws_vpc_peering_connection" "app_analytics" {
  vpc_id        = aws_vpc.app.id
  peer_vpc_id   = aws_vpc.analytics.id
  peer_owner_id = "12345678901"
  peer_region   = "us-east-1"
  auto_acept    = true
}

resource "aws_vpc_peering_connection" "half" {
  vpc_id = "vpc-1a2b3c4g"
}
