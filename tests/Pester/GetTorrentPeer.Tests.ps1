#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

# Get-TorrentPeer against doubles that run inside this PowerShell on 127.0.0.1: an HttpListener tracker that
# answers with ConvertTo-Bencode replies, and the tiny BEP 3 seeder of DownloadTestHelpers.ps1 for -Probe.

Describe 'Get-TorrentPeer' -Tag 'CI' {
    BeforeAll {
        Import-Module "$PSScriptRoot/../../out/TorrentPS/TorrentPS.psd1" -Force
        . "$PSScriptRoot/TorrentTestHelpers.ps1"
        . "$PSScriptRoot/DownloadTestHelpers.ps1"

        # Answers every announce with $Reply; records each request's raw URL.
        function Start-PeerTrackerDouble {
            param([Parameter(Mandatory)][byte[]] $Reply)
            $port = Get-ClosedLoopbackPort
            $listener = [System.Net.HttpListener]::new()
            $listener.Prefixes.Add("http://127.0.0.1:$port/")
            $listener.Start()
            $requests = [System.Collections.Concurrent.ConcurrentQueue[string]]::new()
            $shell = [powershell]::Create()
            $null = $shell.AddScript({
                    param($Listener, [byte[]] $Reply, $Requests)
                    while ($Listener.IsListening) {
                        try { $context = $Listener.GetContext() } catch { break }
                        $Requests.Enqueue($context.Request.RawUrl)
                        $context.Response.ContentLength64 = $Reply.Length
                        $context.Response.OutputStream.Write($Reply, 0, $Reply.Length)
                        $context.Response.Close()
                    }
                }).AddArgument($listener).AddArgument($Reply).AddArgument($requests)
            [pscustomobject]@{
                AnnounceUrl = "http://127.0.0.1:$port/announce"
                Listener    = $listener
                Shell       = $shell
                Handle      = $shell.BeginInvoke()
                Requests    = $requests
            }
        }

        function Stop-PeerTrackerDouble {
            param([Parameter(Mandatory)] $Double)
            $Double.Listener.Stop()
            $Double.Listener.Close()
            $null = $Double.Handle.AsyncWaitHandle.WaitOne(5000)
            $Double.Shell.Dispose()
        }

        $pieceLength = 16384
        $content = New-RandomBytes 50000 -Seed 7
        $folder = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'peers') -Force).FullName

        # A dictionary-model answer, so the peer ids (and the clients they name) come from the tracker.
        $reply = ConvertTo-Bencode -InputObject ([ordered]@{
                interval = 900
                peers    = @(
                    [ordered]@{ ip = '127.0.0.1'; 'peer id' = '-TR3000-abcdefghijkl'; port = 6881 }
                    [ordered]@{ ip = '127.0.0.1'; 'peer id' = '-qB4520-abcdefghijkl'; port = 6882 }
                )
            })
        $tracker = Start-PeerTrackerDouble -Reply $reply
        $torrent = New-TestTorrent -Path (Join-Path $folder 'peers.torrent') -Name 'peers.bin' -Content $content -PieceLength $pieceLength -Announce $tracker.AnnounceUrl
        $deadTorrent = New-TestTorrent -Path (Join-Path $folder 'dead.torrent') -Name 'dead.bin' -Content $content -PieceLength $pieceLength -Announce "http://127.0.0.1:$(Get-ClosedLoopbackPort)/announce"
    }

    AfterAll {
        Stop-PeerTrackerDouble $tracker
        Remove-Module TorrentPS -Force -ErrorAction SilentlyContinue
    }

    It 'lists the peers the tracker returns, with their source and client, without connecting' {
        $peers = @(Get-TorrentPeer -Path $torrent.Path)

        $peers.Count | Should -Be 2
        $peers[0].PSObject.TypeNames[0] | Should -Be 'TorrentPS.TorrentPeer'
        $peers.EndPoint | Should -Be @('127.0.0.1:6881', '127.0.0.1:6882')
        $peers.Source | Sort-Object -Unique | Should -Be 'tracker'
        $peers[0].Tracker | Should -Be $tracker.AnnounceUrl
        $peers[0].Client | Should -Be 'Transmission 3.00'
        $peers[1].Client | Should -BeLike 'qBittorrent 4.5.2*'
        $peers | ForEach-Object { $_.IsProbed | Should -BeFalse; $_.Reachable | Should -BeNullOrEmpty }
        $peers[0].InfoHash.ToString() | Should -Be $torrent.InfoHash
    }

    It 'takes torrents from Get-TorrentInfo and files from Get-ChildItem' {
        @(Get-TorrentInfo -Path $torrent.Path | Get-TorrentPeer).Count | Should -Be 2
        @(Get-Item -LiteralPath $torrent.Path | Get-TorrentPeer).Count | Should -Be 2
    }

    It 'lists a peer given with -Peer once, as manual, before the tracker''s' {
        $peers = @(Get-TorrentPeer -Path $torrent.Path -Peer '127.0.0.1:6882', 'localhost:7000')

        $peers.EndPoint | Should -Be @('127.0.0.1:6882', 'localhost:7000', '127.0.0.1:6881')
        $peers.Source | Should -Be @('manual', 'manual', 'tracker')
    }

    It 'probes every peer with -Probe: the seeder answers, the closed port does not' {
        $seeder = Start-TestSeeder -Content $content -PieceLength $pieceLength
        try {
            $closed = Get-ClosedLoopbackPort
            $peers = @(Get-TorrentPeer -Path $torrent.Path -NoTracker -Peer "127.0.0.1:$($seeder.Port)", "127.0.0.1:$closed" -Probe -TimeoutSec 10)

            $peers.Count | Should -Be 2
            $good = $peers[0]
            $good.IsProbed | Should -BeTrue
            $good.Reachable | Should -BeTrue -Because "the seeder said: $($seeder.State.Error)"
            $good.HandshakeSucceeded | Should -BeTrue
            $good.HandshakeTime | Should -BeOfType [timespan]
            $good.PeerId | Should -Be '-PT0001-pesterseeder'
            $good.PiecesHave | Should -Be 4
            $good.PercentComplete | Should -Be 100
            $good.Error | Should -BeNullOrEmpty

            $bad = $peers[1]
            $bad.IsProbed | Should -BeTrue
            $bad.Reachable | Should -BeFalse
            $bad.HandshakeSucceeded | Should -BeFalse
            $bad.Error | Should -Not -BeNullOrEmpty
        }
        finally {
            Stop-TestSeeder $seeder
        }
    }

    It 'probes a magnet link''s peers too, with their pieces unknown because the piece count is' {
        $seeder = Start-TestSeeder -Content $content -PieceLength $pieceLength
        try {
            $uri = "magnet:?xt=urn:btih:$($torrent.InfoHash)&x.pe=127.0.0.1:$($seeder.Port)"

            $peers = @(Get-TorrentPeer -Uri $uri -Probe -TimeoutSec 10 -WarningVariable warnings)

            $peers.Count | Should -Be 1
            $peer = $peers[0]
            $peer.Source | Should -Be 'magnet'
            $peer.IsProbed | Should -BeTrue
            $peer.Reachable | Should -BeTrue -Because "the seeder said: $($seeder.State.Error)"
            $peer.HandshakeSucceeded | Should -BeTrue
            $peer.PeerId | Should -Be '-PT0001-pesterseeder'
            $peer.PiecesHave | Should -BeNullOrEmpty
            $peer.PercentComplete | Should -BeNullOrEmpty
            $peer.Error | Should -BeNullOrEmpty
            $warnings.Count | Should -Be 0
        }
        finally {
            Stop-TestSeeder $seeder
        }
    }

    It 'writes TrackerAnnounceFailed for a tracker that fails and still lists the given peers' {
        $peers = @(Get-TorrentPeer -Path $deadTorrent.Path -Peer '127.0.0.1:6881' -TimeoutSec 5 -ErrorVariable failed -ErrorAction SilentlyContinue)

        $peers.EndPoint | Should -Be '127.0.0.1:6881'
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'TrackerAnnounceFailed*'
        $failed[0].TargetObject | Should -BeLike 'http://127.0.0.1:*/announce'
    }

    It 'says NoTracker when there is nothing to ask and no peer given' {
        $uri = "magnet:?xt=urn:btih:$($torrent.InfoHash)"

        $peers = @(Get-TorrentPeer -Uri $uri -ErrorVariable failed -ErrorAction SilentlyContinue)

        $peers.Count | Should -Be 0
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'NoTracker*'
    }

    It 'stops at once on a malformed -Peer' {
        { Get-TorrentPeer -Path $torrent.Path -Peer '::1:6881' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidPeerAddress*'
    }

    It 'shows a table with the probe columns' {
        $table = Get-TorrentPeer -Path $torrent.Path | Format-Table | Out-String

        $table | Should -Match 'EndPoint\s+Source\s+Reachable\s+Handshake\s+Has\s+Client'
        $table | Should -Match '127\.0\.0\.1:6881\s+tracker\s+Transmission 3\.00'
    }
}
