# Planted violations (tests/terraform.rs pins each).
resource "google_compute_network" "shared" {
  name                    = "shared"
  auto_create_subnetworks = false
}

# Two peerings of `hub` with `shared`: `.id` and `.self_link` name one network.
resource "google_compute_network_peering" "hub_shared" {
  name         = "hub-shared"
  network      = "projects/net-hub/global/networks/hub"
  peer_network = google_compute_network.shared.id
}

resource "google_compute_network_peering" "hub_shared_again" {
  name         = "Hub_Shared"
  network      = "projects/net-hub/global/networks/hub"
  peer_network = google_compute_network.shared.self_link
}

resource "google_compute_network_peering" "bare" {
  name         = "bare"
  network      = "hub"
  peer_network = "projects/net-spoke/global/networks/spoke"
  stack_type   = "IPV6_ONLY"
}
