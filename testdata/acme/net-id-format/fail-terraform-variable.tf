# A variable's literal default is the value: a malformed one is reported
# where it is used, with the default labelled.
variable "peer_net" {
  type    = string
  default = "z1-net7"
}

resource "acme_net_link" "from_variable" {
  zone          = "z1"
  title         = "from var"
  source_net_id = "z1-net001"
  target_net_id = var.peer_net
}
