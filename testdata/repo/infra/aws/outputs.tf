output "peering_ids" {
  value = {
    shared  = aws_vpc_peering_connection.app_shared.id
    partner = aws_vpc_peering_connection.app_partner.id
  }
}

output "account_id" {
  value = data.aws_caller_identity.current.account_id
}
