//! Hosting a workshop's listener: what the facilitator's app asks the transport for (the
//! browser UI with `POST /api/workshops/host`, the desktop window with its `workshop_host`
//! command). Not a `Request`: it needs the process that can open a socket, not only the
//! workspace.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum HostRequest {
    /// The network interfaces the room could join on.
    Interfaces,
    /// Open the room on `ip` (and `port`, or the one used last, or any free one). An
    /// address other machines can reach needs `allow_network: true`.
    Open {
        id: String,
        ip: String,
        port: Option<u16>,
        #[serde(default)]
        allow_network: bool,
    },
    Status {
        id: String,
    },
    /// Close the room's listener (the workshop is kept, and can be opened again).
    Close {
        id: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NetInterface {
    pub name: String,
    pub ip: String,
    pub loopback: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HostStatus {
    pub interfaces: Vec<NetInterface>,
    pub open: bool,
    /// `ip:port` the room's listener is on.
    pub addr: Option<String>,
    /// `http://ip:port/#k=SECRET`: the QR code's link; the secret never reaches a server log.
    pub join_url: Option<String>,
    /// Six characters to type at `http://ip:port/` when a phone cannot scan.
    pub code: Option<String>,
    /// The join link as a QR code (an SVG document).
    pub qr_svg: Option<String>,
    /// People in the room now.
    pub joined: u32,
}
