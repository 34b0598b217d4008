#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

# A real download: the module fetches every piece over TCP from a tiny seeder written here in PowerShell (the
# peer wire protocol of BEP 3: handshake, bitfield, unchoke, request -> piece), so no seeder program is needed.
# The seeder listens on loopback only and serves one connection from its own runspace.

Describe 'Start-TorrentDownload from a peer' -Tag 'CI' {
    BeforeAll {
        Import-Module "$PSScriptRoot/../../out/TorrentPS/TorrentPS.psd1" -Force
        . "$PSScriptRoot/TorrentTestHelpers.ps1"
        . "$PSScriptRoot/DownloadTestHelpers.ps1"
        $modulePath = "$PSScriptRoot/../../out/TorrentPS/TorrentPS.psd1"

        $pieceLength = 16384
        $content = New-RandomBytes 100000 -Seed 21
        $torrentFolder = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'torrents') -Force).FullName
        $torrent = New-TestTorrent -Path (Join-Path $torrentFolder 'peer.torrent') -Name 'peer.bin' -Content $content -PieceLength $pieceLength -Announce "http://127.0.0.1:$(Get-ClosedLoopbackPort)/announce"
    }

    AfterEach {
        Get-Job | Where-Object { $_.PSJobTypeName -eq 'TorrentDownload' } | Remove-Job -Force
    }

    AfterAll {
        Remove-Module TorrentPS -Force -ErrorAction SilentlyContinue
    }

    It 'downloads every piece from the peer given with -Peer, as a job' {
        $seeder = Start-TestSeeder -Content $content -PieceLength $pieceLength
        try {
            $destination = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'job') -Force).FullName

            $job = Start-TorrentDownload -Path $torrent.Path -Destination $destination -Peer "127.0.0.1:$($seeder.Port)"
            $job | Wait-Job -Timeout 60 | Out-Null

            $job.JobStateInfo.State | Should -Be 'Completed' -Because "the seeder said: $($seeder.State.Error)"
            $result = Receive-Job $job
            $result.IsComplete | Should -BeTrue
            $result.BytesDownloaded | Should -BeGreaterOrEqual 100000
            $result.PeersUsed | Should -Be 1
            $result.PiecesVerified | Should -Be 7
            (ConvertTo-Base64 ([System.IO.File]::ReadAllBytes($result.Path))) | Should -Be (ConvertTo-Base64 $content)
            $seeder.State.BlocksServed | Should -BeGreaterOrEqual 7
        }
        finally {
            Stop-TestSeeder $seeder
        }
    }

    It 'downloads in the foreground with -Wait and returns the result' {
        $seeder = Start-TestSeeder -Content $content -PieceLength $pieceLength
        try {
            $destination = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'foreground') -Force).FullName

            $run = Start-ForegroundDownload -ModulePath $modulePath -Parameters @{
                InputObject = Get-TorrentInfo -Path $torrent.Path
                Destination = $destination
                Peer        = "localhost:$($seeder.Port)"
            }
            $received = Receive-ForegroundDownload $run

            $received.Errors | Should -BeNullOrEmpty
            $received.Output.Count | Should -Be 1
            $result = $received.Output[0]
            $result | Should -BeOfType ([TorrentPS.TorrentDownloadResult]) -Because "the seeder said: $($seeder.State.Error)"
            $result.IsComplete | Should -BeTrue
            $result.PeersUsed | Should -Be 1
            (ConvertTo-Base64 ([System.IO.File]::ReadAllBytes((Join-Path $destination 'peer.bin')))) | Should -Be (ConvertTo-Base64 $content)
        }
        finally {
            Stop-TestSeeder $seeder
        }
    }
}
