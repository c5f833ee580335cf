variable "region" {
  type    = string
  default = "eu-central-1"
}

variable "partner_vpc_id" {
  type        = string
  description = "The partner's VPC, from their hand-over note"
}

variable "partner_account_id" {
  type = string
}

variable "partner_region" {
  type    = string
  default = "eu-west-1"
}
