provider "google" {
  project = var.project
  region  = "europe-west1"
}

variable "project" {
  type    = string
  default = "acme-net-prod"
}

resource "google_compute_network" "prod" {
  name                    = "prod"
  auto_create_subnetworks = false
  routing_mode            = "GLOBAL"
}

resource "google_compute_network" "tools" {
  name                    = "tools"
  auto_create_subnetworks = false
}

resource "google_compute_subnetwork" "prod" {
  name          = "prod-europe-west1"
  network       = google_compute_network.prod.id
  ip_cidr_range = "10.10.0.0/20"

  secondary_ip_range {
    range_name    = "pods"
    ip_cidr_range = "10.20.0.0/16"
  }
}

resource "google_compute_subnetwork" "tools" {
  name          = "tools-europe-west1"
  network       = google_compute_network.tools.id
  ip_cidr_range = "10.30.0.0/20"
}

resource "google_compute_network_peering" "prod_tools" {
  name                 = "prod-to-tools"
  network              = google_compute_network.prod.self_link
  peer_network         = google_compute_network.tools.self_link
  export_custom_routes = true
}

resource "google_compute_network_peering" "tools_prod" {
  name                 = "tools-to-prod"
  network              = google_compute_network.tools.self_link
  peer_network         = google_compute_network.prod.self_link
  import_custom_routes = true
}

# The shared VPC host project's network, peered from both ends (its half
# lives in this repository too).
resource "google_compute_network_peering" "prod_host" {
  name         = "prod-to-host"
  network      = "projects/acme-net-prod/global/networks/prod"
  peer_network = "projects/acme-host/global/networks/host"
  stack_type   = "IPV4_ONLY"
}

resource "google_compute_network_peering" "host_prod" {
  name         = "host-to-prod"
  network      = "https://www.googleapis.com/compute/v1/projects/acme-host/global/networks/host"
  peer_network = "projects/acme-net-prod/global/networks/prod"
}

resource "google_compute_firewall" "tools_to_prod" {
  name          = "allow-tools"
  network       = google_compute_network.prod.name
  source_ranges = [google_compute_subnetwork.tools.ip_cidr_range]

  allow {
    protocol = "tcp"
    ports    = ["443"]
  }
}
