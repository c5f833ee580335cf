# A Terraform module whose aws_vpc_peering_connection resources are peering
# requests (rules/aws.yaml maps them to CreateVpcPeeringConnection).
resource "aws_vpc_peering_connection" "app_db" {
  vpc_id      = aws_vpc.app.id
  peer_vpc_id = aws_vpc.db.id
  auto_accept = true

  tags = {
    Name = "app-to-db"
  }
}

resource "aws_vpc_peering_connection" "app_partner" {
  vpc_id        = aws_vpc.app.id
  peer_vpc_id   = "vpc-0f1e2d3c4b5a69788"
  peer_owner_id = var.partner_account
  peer_region   = "eu-west-4"
  auto_acept    = false
}
