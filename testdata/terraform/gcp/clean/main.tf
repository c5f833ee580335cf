# A clean module: two networks peered both ways through references (each
# side's `network` is its network's self_link), and a pair of literal
# peerings whose networks are written as a URL and as a relative name.
# Nothing to report.
resource "google_compute_network" "default" {
  name                    = "foobar"
  auto_create_subnetworks = "false"
}

resource "google_compute_network" "other" {
  name                    = "other"
  auto_create_subnetworks = "false"
}

resource "google_compute_network_peering" "peering1" {
  name         = "peering1"
  network      = google_compute_network.default.self_link
  peer_network = google_compute_network.other.self_link
}

resource "google_compute_network_peering" "peering2" {
  name                 = "peering2"
  network              = google_compute_network.other.self_link
  peer_network         = google_compute_network.default.self_link
  export_custom_routes = "true"
  stack_type           = "IPV4_IPV6"
  deletion_policy      = "ABANDON"
}

resource "google_compute_network_peering" "hub_spoke" {
  name         = "hub-to-spoke"
  network      = "projects/net-hub/global/networks/hub"
  peer_network = "projects/net-spoke/global/networks/spoke"
}

resource "google_compute_network_peering" "spoke_hub" {
  name            = "spoke-to-hub"
  network         = "https://www.googleapis.com/compute/v1/projects/net-spoke/global/networks/spoke"
  peer_network    = "https://compute.googleapis.com/compute/v1/projects/net-hub/global/networks/hub"
  update_strategy = "CONSENSUS"

  timeouts {
    create = "10m"
  }
}
