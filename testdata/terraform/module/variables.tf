variable "tier" {
  type    = string
  default = "platinum"
}

variable "prefix" {
  type = string
}

locals {
  zone = "z1"
}
