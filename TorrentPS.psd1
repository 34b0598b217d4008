@{
    # The module's manifest and the single source of the version: Directory.Build.props reads
    # ModuleVersion from here, so the assemblies and the module always agree.
    RootModule           = 'TorrentPS.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5b0f3d1e-7c41-4d9a-9a58-2f6e3c1b8a47'
    Author               = 'TorrentPS contributors'
    CompanyName          = 'TorrentPS'
    Copyright            = '(c) TorrentPS contributors. MIT License.'
    Description          = 'A complete, fast BitTorrent client for PowerShell: read torrents and magnet links, talk to trackers, download and seed as background jobs.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    # Imported before RootModule: loads the engine build made for this PowerShell (lib/net8.0 or lib/netstandard2.0).
    NestedModules        = @('TorrentPS.Loader.dll')
    FormatsToProcess     = @('TorrentPS.Format.ps1xml')
    CmdletsToExport      = @(
        'ConvertFrom-Bencode'
        'ConvertTo-Bencode'
        'Get-TorrentDownload'
        'Get-TorrentInfo'
        'Get-TorrentPeer'
        'Invoke-TorrentAnnounce'
        'Invoke-TorrentScrape'
        'New-Torrent'
        'Resume-TorrentDownload'
        'Start-TorrentDownload'
        'Start-TorrentSeed'
        'Stop-TorrentDownload'
        'Suspend-TorrentDownload'
        'Test-TorrentData'
        'Wait-TorrentDownload'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('BitTorrent', 'Torrent', 'P2P', 'Download', 'Magnet', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/torrentps/TorrentPS'
            LicenseUri   = 'https://github.com/torrentps/TorrentPS/blob/main/LICENSE'
            ReleaseNotes = 'See https://github.com/torrentps/TorrentPS/releases'
        }
    }
}
