# A clean module: the azurerm documentation's two VNets peered both ways
# through references, and a peering to a VNet of another subscription.
# Nothing to report.
provider "azurerm" {
  features {}
}

resource "azurerm_resource_group" "example" {
  name     = "peeredvnets-rg"
  location = "West Europe"
}

resource "azurerm_virtual_network" "example-1" {
  name                = "peternetwork1"
  resource_group_name = azurerm_resource_group.example.name
  address_space       = ["10.0.1.0/24"]
  location            = azurerm_resource_group.example.location
}

resource "azurerm_virtual_network" "example-2" {
  name                = "peternetwork2"
  resource_group_name = azurerm_resource_group.example.name
  address_space       = ["10.0.2.0/24"]
  location            = azurerm_resource_group.example.location
}

resource "azurerm_virtual_network_peering" "example-1" {
  name                      = "peer1to2"
  resource_group_name       = azurerm_resource_group.example.name
  virtual_network_name      = azurerm_virtual_network.example-1.name
  remote_virtual_network_id = azurerm_virtual_network.example-2.id
}

resource "azurerm_virtual_network_peering" "example-2" {
  name                      = "peer2to1"
  resource_group_name       = azurerm_resource_group.example.name
  virtual_network_name      = azurerm_virtual_network.example-2.name
  remote_virtual_network_id = azurerm_virtual_network.example-1.id
}

# Terraform converts the string "true" to the boolean.
resource "azurerm_virtual_network_peering" "to_hub" {
  name                         = "spoke-to-hub"
  resource_group_name          = "spoke-rg"
  virtual_network_name         = "spoke-vnet"
  remote_virtual_network_id    = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/hub-rg/providers/Microsoft.Network/virtualNetworks/hub-vnet"
  allow_virtual_network_access = "true"
  allow_forwarded_traffic      = true
  use_remote_gateways          = false

  triggers = {
    remote_address_space = join(",", azurerm_virtual_network.example-1.address_space)
  }
}
