#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

# Start-TorrentSeed for real: the module seeds a torrent on a loopback port of the system's choosing, and the
# module's own Start-TorrentDownload fetches it from there with -Peer. Nothing leaves the machine: no tracker is
# asked (-NoTracker), and the torrent's announce URL is a closed loopback port.

Describe 'Start-TorrentSeed' -Tag 'CI' {
    BeforeAll {
        Import-Module "$PSScriptRoot/../../out/TorrentPS/TorrentPS.psd1" -Force
        . "$PSScriptRoot/TorrentTestHelpers.ps1"
        . "$PSScriptRoot/DownloadTestHelpers.ps1"

        $pieceLength = 16384
        $content = New-RandomBytes 150000 -Seed 31
        $torrentFolder = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'torrents') -Force).FullName
        $torrent = New-TestTorrent -Path (Join-Path $torrentFolder 'seeded.torrent') -Name 'seeded.bin' -Content $content -PieceLength $pieceLength -Announce "http://127.0.0.1:$(Get-ClosedLoopbackPort)/announce"
        $data = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'data') -Force).FullName
        [System.IO.File]::WriteAllBytes((Join-Path $data 'seeded.bin'), $content)

        # Waits until the seed job listens and returns its port.
        function Get-SeedPort {
            param([Parameter(Mandatory)] $Job)
            Wait-Until -Condition { $Job.Port -gt 0 -or $Job.JobStateInfo.State -ne 'Running' } -Because 'the seed job listens'
            $Job.JobStateInfo.State | Should -Be 'Running' -Because ((Receive-Job $Job -Keep 2>&1) -join "`n")
            return $Job.Port
        }
    }

    AfterEach {
        Get-Job | Where-Object { $_.PSJobTypeName -in 'TorrentSeed', 'TorrentDownload' } | Remove-Job -Force
    }

    AfterAll {
        Remove-Module TorrentPS -Force -ErrorAction SilentlyContinue
    }

    It 'seeds as a job that a download fetches everything from, and stops gracefully with its result' {
        $seed = Start-TorrentSeed -Path $torrent.Path -DataPath $data -Port 0 -NoTracker
        $seed | Should -BeOfType ([TorrentPS.TorrentSeedJob])
        $seed.PSJobTypeName | Should -Be 'TorrentSeed'
        $port = Get-SeedPort $seed
        $destination = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'downloaded') -Force).FullName

        $download = Start-TorrentDownload -Path $torrent.Path -Destination $destination -Peer "127.0.0.1:$port"
        $download | Wait-Job -Timeout 60 | Out-Null
        $seed | Stop-Job
        $result = Receive-Job $seed

        $download.JobStateInfo.State | Should -Be 'Completed'
        (ConvertTo-Base64 ([System.IO.File]::ReadAllBytes((Join-Path $destination 'seeded.bin')))) | Should -Be (ConvertTo-Base64 $content)
        $seed.JobStateInfo.State | Should -Be 'Stopped'
        $result | Should -BeOfType ([TorrentPS.TorrentSeedResult])
        $result.StopReason | Should -Be 'Stopped'
        $result.BytesUploaded | Should -BeGreaterOrEqual 150000
        $result.PeersServed | Should -Be 1
        $result.IsComplete | Should -BeTrue
        $result.Port | Should -Be $port
    }

    It 'ends the job by itself once -SeedRatio is reached' {
        $seed = Get-TorrentInfo -Path $torrent.Path | Start-TorrentSeed -DataPath $data -Port 0 -NoTracker -SeedRatio 1
        $port = Get-SeedPort $seed
        $destination = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'ratio') -Force).FullName

        Start-TorrentDownload -Path $torrent.Path -Destination $destination -Peer "127.0.0.1:$port" | Wait-Job -Timeout 60 | Out-Null
        $seed | Wait-Job -Timeout 60 | Out-Null

        $seed.JobStateInfo.State | Should -Be 'Completed'
        $result = Receive-Job $seed
        $result.StopReason | Should -Be 'RatioReached'
        $result.Ratio | Should -BeGreaterOrEqual 1
    }

    It 'seeds in the foreground with -Wait until -SeedTime has passed' {
        $result = Start-TorrentSeed -LiteralPath $torrent.Path -DataPath (Join-Path $data 'seeded.bin') -Port 0 -NoTracker -SeedTime '00:00:01' -Wait

        $result | Should -BeOfType ([TorrentPS.TorrentSeedResult])
        $result.StopReason | Should -Be 'TimeReached'
        $result.BytesUploaded | Should -Be 0
        $result.Path | Should -Be (Join-Path $data 'seeded.bin')
    }

    It 'fails the job with NoDataToSeed when no piece of the data verifies' {
        $empty = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'empty') -Force).FullName

        $seed = Start-TorrentSeed -Path $torrent.Path -DataPath $empty -Port 0 -NoTracker
        $seed | Wait-Job -Timeout 60 | Out-Null

        $seed.JobStateInfo.State | Should -Be 'Failed'
        Receive-Job $seed -ErrorAction SilentlyContinue -ErrorVariable failures | Out-Null
        $failures[0].FullyQualifiedErrorId | Should -Be 'NoDataToSeed'
        $failures[0].Exception.Message | Should -BeLike "*$empty*"
    }

    It 'refuses a data path that does not exist, and a seed time that is not positive' {
        { Start-TorrentSeed -Path $torrent.Path -DataPath (Join-Path $TestDrive 'nowhere') -ErrorAction Stop } |
            Should -Throw -ErrorId 'SeedDataNotFound,TorrentPS.PowerShell.Commands.StartTorrentSeedCommand'
        { Start-TorrentSeed -Path $torrent.Path -DataPath $data -SeedTime ([TimeSpan]::Zero) } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,TorrentPS.PowerShell.Commands.StartTorrentSeedCommand'
    }

    It 'starts nothing with -WhatIf' {
        $output = Start-TorrentSeed -Path $torrent.Path -DataPath $data -Port 0 -NoTracker -WhatIf

        $output | Should -BeNullOrEmpty
        @(Get-Job | Where-Object PSJobTypeName -EQ 'TorrentSeed').Count | Should -Be 0
    }

    It 'shows seed jobs and results in the module''s tables' {
        $seed = Start-TorrentSeed -Path $torrent.Path -DataPath $data -Port 0 -NoTracker
        $null = Get-SeedPort $seed

        $table = $seed | Format-Table | Out-String
        $seed | Stop-Job
        $resultTable = Receive-Job $seed | Format-Table | Out-String

        $table | Should -Match 'Port\s+Uploaded\s+Rate\s+Peers'
        $table | Should -Match "\b$($seed.Port)\b"
        $resultTable | Should -Match 'Uploaded\s+Ratio\s+Duration\s+Peers\s+Ended'
        $resultTable | Should -Match 'Stopped'
    }
}
