using System.Collections.Generic;

namespace TorrentPS.Peers
{
    /// <summary>
    /// Two-letter client codes of Azureus-style peer ids (-XXvvvv-), as the clients themselves register them
    /// (the list every client keeps, e.g. in BEP 20's appendix and libtorrent's identify_client). Case matters:
    /// "lt" and "LT" are different libraries.
    /// </summary>
    internal static class AzureusClientCodes
    {
        /// <summary>Clients that number versions with four parts (2.0.8.0), where the rest use three.</summary>
        public static readonly HashSet<string> FourPartVersions = new HashSet<string> { "AZ", "BI", "LT", "FW" };

        public static readonly Dictionary<string, string> Names = new Dictionary<string, string>
        {
            ["7T"] = "aTorrent",
            ["AG"] = "Ares",
            ["A~"] = "Ares",
            ["AN"] = "Ares",
            ["AR"] = "Arctic",
            ["AT"] = "Artemis",
            ["AV"] = "Avicora",
            ["AX"] = "BitPump",
            ["AZ"] = "Vuze",
            ["BB"] = "BitBuddy",
            ["BC"] = "BitComet",
            ["BE"] = "BitTorrent SDK",
            ["BF"] = "Bitflu",
            ["BG"] = "BTG",
            ["BI"] = "BiglyBT",
            ["BL"] = "BitBlinder",
            ["BP"] = "BitTorrent Pro",
            ["BR"] = "BitRocket",
            ["BS"] = "BTSlave",
            ["BT"] = "BitTorrent",
            ["BW"] = "BitWombat",
            ["BX"] = "BittorrentX",
            ["CD"] = "Enhanced CTorrent",
            ["CT"] = "CTorrent",
            ["DE"] = "Deluge",
            ["DP"] = "Propagate Data Client",
            ["EB"] = "EBit",
            ["ES"] = "electric sheep",
            ["FC"] = "FileCroc",
            ["FD"] = "Free Download Manager",
            ["FG"] = "FlashGet",
            ["FL"] = "Folx",
            ["FT"] = "FoxTorrent",
            ["FW"] = "FrostWire",
            ["FX"] = "Freebox BitTorrent",
            ["GS"] = "GSTorrent",
            ["HK"] = "Hekate",
            ["HL"] = "Halite",
            ["HN"] = "Hydranode",
            ["IL"] = "iLivid",
            ["KG"] = "KGet",
            ["KT"] = "KTorrent",
            ["LC"] = "LeechCraft",
            ["LH"] = "LH-ABC",
            ["LP"] = "Lphant",
            ["LT"] = "libtorrent-rasterbar",
            ["lt"] = "libtorrent (rakshasa)",
            ["LW"] = "LimeWire",
            ["MG"] = "MediaGet",
            ["MO"] = "MonoTorrent",
            ["MP"] = "MooPolice",
            ["MR"] = "Miro",
            ["MT"] = "MoonlightTorrent",
            ["NX"] = "Net Transport",
            ["OS"] = "OneSwarm",
            ["OT"] = "OmegaTorrent",
            ["PD"] = "Pando",
            ["PI"] = "PicoTorrent",
            ["qB"] = "qBittorrent",
            ["QD"] = "QQDownload",
            ["QT"] = "Qt 4 Torrent example",
            ["RT"] = "Retriever",
            ["RZ"] = "RezTorrent",
            ["SB"] = "Swiftbit",
            ["SD"] = "Thunder",
            ["SM"] = "SoMud",
            ["SP"] = "BitSpirit",
            ["SS"] = "SwarmScope",
            ["ST"] = "SymTorrent",
            ["st"] = "sharktorrent",
            ["SZ"] = "Shareaza",
            ["TB"] = "Torch",
            ["TL"] = "Tribler",
            ["TN"] = "TorrentDotNET",
            ["TP"] = "TorrentPS",
            ["TR"] = "Transmission",
            ["TS"] = "Torrentstorm",
            ["TT"] = "TuoTu",
            ["UL"] = "uLeecher!",
            ["UM"] = "µTorrent for Mac",
            ["UT"] = "µTorrent",
            ["UW"] = "µTorrent Web",
            ["VG"] = "Vagaa",
            ["WD"] = "WebTorrent Desktop",
            ["WT"] = "BitLet",
            ["WW"] = "WebTorrent",
            ["WY"] = "FireTorrent",
            ["XF"] = "Xfplay",
            ["XL"] = "Xunlei",
            ["XS"] = "XSwifter",
            ["XT"] = "XanTorrent",
            ["XX"] = "Xtorrent",
            ["ZT"] = "ZipTorrent",
        };

        /// <summary>Shadow-style ids: one letter, then version characters, then dashes (e.g. S58B-----).</summary>
        public static readonly Dictionary<char, string> ShadowNames = new Dictionary<char, string>
        {
            ['A'] = "ABC",
            ['O'] = "Osprey Permaseed",
            ['Q'] = "BTQueue",
            ['R'] = "Tribler",
            ['S'] = "Shadow's client",
            ['T'] = "BitTornado",
            ['U'] = "UPnP NAT Bit Torrent",
        };
    }
}
