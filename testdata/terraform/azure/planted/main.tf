# Planted violations (tests/terraform.rs pins each).
resource "azurerm_virtual_network_peering" "bad" {
  name                      = "_spoke-to-hub"
  resource_group_name       = "spoke-rg."
  virtual_network_name      = "v"
  remote_virtual_network_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/hub-rg/hub-vnet"
  use_remote_gateways       = "yes"
  local_subnet_names        = [""]
}
