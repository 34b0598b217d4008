#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

# Invoke-TorrentAnnounce and Invoke-TorrentScrape against tracker doubles that run inside this PowerShell: an
# HttpListener on 127.0.0.1 in a background runspace, answering bencoded replies made with ConvertTo-Bencode.
# One case also runs against a real opentracker when it is installed.

BeforeAll {
    Import-Module "$PSScriptRoot/../../out/TorrentPS/TorrentPS.psd1" -Force
    . "$PSScriptRoot/TorrentTestHelpers.ps1"

    function Get-FreeTcpPort {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        try { return $listener.LocalEndpoint.Port } finally { $listener.Stop() }
    }

    function ConvertFrom-HexString {
        param([Parameter(Mandatory)][string] $Hex)
        $bytes = [byte[]]::new($Hex.Length / 2)
        for ($i = 0; $i -lt $bytes.Length; $i++) {
            $bytes[$i] = [System.Convert]::ToByte($Hex.Substring(2 * $i, 2), 16)
        }
        return , $bytes
    }

    # Serves $Replies (URL path -> bytes; 404 for other paths) and records every request's path and query.
    function Start-TrackerDouble {
        param([Parameter(Mandatory)][hashtable] $Replies)
        $port = Get-FreeTcpPort
        $listener = [System.Net.HttpListener]::new()
        $listener.Prefixes.Add("http://127.0.0.1:$port/")
        $listener.Start()
        $requests = [System.Collections.Concurrent.ConcurrentQueue[string]]::new()
        $shell = [powershell]::Create()
        $null = $shell.AddScript({
                param($Listener, $Replies, $Requests)
                while ($Listener.IsListening) {
                    try { $context = $Listener.GetContext() } catch { break }
                    $Requests.Enqueue($context.Request.RawUrl)
                    $body = $Replies[$context.Request.Url.AbsolutePath]
                    if ($null -eq $body) {
                        $context.Response.StatusCode = 404
                        $body = [byte[]]::new(0)
                    }
                    $context.Response.ContentLength64 = $body.Length
                    $context.Response.OutputStream.Write($body, 0, $body.Length)
                    $context.Response.Close()
                }
            }).AddArgument($listener).AddArgument($Replies).AddArgument($requests)
        $handle = $shell.BeginInvoke()
        [pscustomobject]@{
            AnnounceUrl = "http://127.0.0.1:$port/announce"
            Listener    = $listener
            Shell       = $shell
            Handle      = $handle
            Requests    = $requests
        }
    }

    function Stop-TrackerDouble {
        param([Parameter(Mandatory)] $Double)
        $Double.Listener.Stop()
        $Double.Listener.Close()
        $null = $Double.Handle.AsyncWaitHandle.WaitOne(5000)
        $Double.Shell.Dispose()
    }

    $folder = Join-Path $TestDrive 'trackers'
    New-Item -ItemType Directory -Path $folder -Force | Out-Null

    # Two compact peers, 127.0.0.1:6881 and 127.0.0.1:6882.
    $peerBytes = [byte[]](127, 0, 0, 1, 0x1A, 0xE1, 127, 0, 0, 1, 0x1A, 0xE2)
    $announceReply = ConvertTo-Bencode -InputObject ([ordered]@{ complete = 3; incomplete = 2; interval = 900; peers = $peerBytes })
    $refusal = ConvertTo-Bencode -InputObject @{ 'failure reason' = 'torrent not registered' }

    $replies = @{ '/announce' = $announceReply }
    $double = Start-TrackerDouble -Replies $replies
    $refusing = Start-TrackerDouble -Replies @{ '/announce' = $refusal; '/scrape' = $refusal }

    # 40000 bytes announced to the double. The scrape reply is keyed by the raw 20-byte info-hash; the double
    # shares $replies, and nothing has asked it anything yet.
    $alpha = New-TestTorrent -Path (Join-Path $folder 'alpha.torrent') -Name 'alpha.bin' -Content (New-RandomBytes 40000 -Seed 11) -Announce $double.AnnounceUrl
    $replies['/scrape'] = ConvertTo-Bencode -InputObject @{ files = @{ (ConvertFrom-HexString $alpha.InfoHash) = [ordered]@{ complete = 5; downloaded = 9; incomplete = 6 } } }

    $closed = "http://127.0.0.1:$(Get-FreeTcpPort)/announce"
    $magnet = "magnet:?xt=urn:btih:$($alpha.InfoHash)&dn=alpha.bin&tr=$([uri]::EscapeDataString($double.AnnounceUrl))"
}

AfterAll {
    foreach ($running in $double, $refusing) {
        if ($null -ne $running) { Stop-TrackerDouble $running }
    }
    Remove-Module TorrentPS -Force -ErrorAction SilentlyContinue
}

Describe 'Invoke-TorrentAnnounce' -Tag 'CI' {
    It 'announces a torrent from Get-TorrentInfo and returns the tracker''s answer with its peers' {
        $result = Get-TorrentInfo -Path $alpha.Path | Invoke-TorrentAnnounce

        $result | Should -HaveCount 1
        $result | Should -BeOfType ([TorrentPS.TrackerAnnounceResult])
        $result.Tracker | Should -Be $double.AnnounceUrl
        $result.Status | Should -Be ([TorrentPS.TrackerStatus]::Success)
        $result.InfoHash.ToString() | Should -Be $alpha.InfoHash
        $result.Interval.TotalSeconds | Should -Be 900
        $result.Seeders | Should -Be 3
        $result.Leechers | Should -Be 2
        $result.Peers | Should -HaveCount 2
        $result.Peers[0] | Should -BeOfType ([TorrentPS.TrackerPeer])
        $result.Peers[0].Address.ToString() | Should -Be '127.0.0.1'
        @($result.Peers.Port) | Should -Be @(6881, 6882)
        $result.Error | Should -BeNullOrEmpty
    }

    It 'sends the event, port and numwant it is given, and the torrent''s size as left' {
        Invoke-TorrentAnnounce -Path $alpha.Path -Event Started -Port 51413 -NumWant 7 | Out-Null

        $request = @($double.Requests)[-1]
        $request | Should -Match '^/announce\?'
        $request | Should -Match '[?&]event=started(&|$)'
        $request | Should -Match '[?&]port=51413(&|$)'
        $request | Should -Match '[?&]numwant=7(&|$)'
        $request | Should -Match '[?&]left=40000(&|$)'
    }

    It 'reads -LiteralPath, Get-ChildItem output and magnet links' {
        (Invoke-TorrentAnnounce -LiteralPath $alpha.Path).Status | Should -Be 'Success'
        (Get-ChildItem -Path $folder -Filter '*.torrent' | Invoke-TorrentAnnounce).Status | Should -Be 'Success'
        ($magnet | Invoke-TorrentAnnounce).InfoHash.ToString() | Should -Be $alpha.InfoHash
        (Get-TorrentInfo -Uri $magnet | Invoke-TorrentAnnounce).Tracker | Should -Be $double.AnnounceUrl
    }

    It 'writes a non-terminating TrackerAnnounceFailed error for a closed port, emits its result, and the others still answer' {
        $errors = $null

        $results = Invoke-TorrentAnnounce -Path $alpha.Path -Tracker $closed, $double.AnnounceUrl -All -ErrorAction SilentlyContinue -ErrorVariable errors

        $results | Should -HaveCount 2
        $results[0].Tracker | Should -Be $closed
        $results[0].Status | Should -Be ([TorrentPS.TrackerStatus]::Failed)
        $results[0].Error | Should -Not -BeNullOrEmpty
        $results[1].Status | Should -Be ([TorrentPS.TrackerStatus]::Success)
        $errors | Should -HaveCount 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'TrackerAnnounceFailed,*'
        $errors[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ConnectionError)
        $errors[0].TargetObject | Should -Be $closed
        $errors[0].Exception | Should -BeOfType ([TorrentPS.TrackerException])
    }

    It 'stops at the first tracker that answers unless -All is given' {
        $results = Invoke-TorrentAnnounce -Path $alpha.Path -Tracker $double.AnnounceUrl, $refusing.AnnounceUrl

        @($results).Count | Should -Be 1
        $results.Tracker | Should -Be $double.AnnounceUrl
    }

    It 'reports a tracker''s refusal as a ProtocolError with its reason' {
        $errors = $null

        $result = Invoke-TorrentAnnounce -Path $alpha.Path -Tracker $refusing.AnnounceUrl -ErrorAction SilentlyContinue -ErrorVariable errors

        $result.Status | Should -Be 'Failed'
        $result.Error | Should -Match 'torrent not registered'
        $errors[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ProtocolError)
        { Invoke-TorrentAnnounce -Path $alpha.Path -Tracker $refusing.AnnounceUrl -ErrorAction Stop } | Should -Throw -ErrorId 'TrackerAnnounceFailed,*'
    }

    It 'says NoTracker for a magnet link without trackers, and announces it with -Tracker' {
        $errors = $null
        $bare = "magnet:?xt=urn:btih:$($alpha.InfoHash)"

        Invoke-TorrentAnnounce -Uri $bare -ErrorAction SilentlyContinue -ErrorVariable errors | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'NoTracker,*'
        (Invoke-TorrentAnnounce -Uri $bare -Tracker $double.AnnounceUrl).Status | Should -Be 'Success'
    }

    It 'validates -Port, -NumWant and -Event before asking anyone' {
        $before = $double.Requests.Count
        { Invoke-TorrentAnnounce -Path $alpha.Path -Port 0 } | Should -Throw -ExceptionType ([System.Management.Automation.ParameterBindingException])
        { Invoke-TorrentAnnounce -Path $alpha.Path -Port 65536 } | Should -Throw -ExceptionType ([System.Management.Automation.ParameterBindingException])
        { Invoke-TorrentAnnounce -Path $alpha.Path -NumWant -1 } | Should -Throw -ExceptionType ([System.Management.Automation.ParameterBindingException])
        { Invoke-TorrentAnnounce -Path $alpha.Path -Event Finished } | Should -Throw -ExceptionType ([System.Management.Automation.ParameterBindingException])
        { Invoke-TorrentAnnounce -Path $alpha.Path -Tracker '' } | Should -Throw -ExceptionType ([System.Management.Automation.ParameterBindingException])
        $double.Requests.Count | Should -Be $before
    }

    It 'writes each tracker it announced to as verbose output' {
        $verbose = Invoke-TorrentAnnounce -Path $alpha.Path -Tracker $closed, $double.AnnounceUrl -ErrorAction SilentlyContinue -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message

        $verbose | Where-Object { $_ -like "*$closed*" } | Should -Not -BeNullOrEmpty
        $verbose | Where-Object { $_ -like "Announced to $($double.AnnounceUrl)*" } | Should -Not -BeNullOrEmpty
    }

    It 'declares its output type and shows a table' {
        (Get-Command Invoke-TorrentAnnounce).OutputType.Name | Should -Contain 'TorrentPS.TrackerAnnounceResult'
        $text = Invoke-TorrentAnnounce -Path $alpha.Path | Format-Table | Out-String -Width 200

        $text | Should -Match 'Tracker\s+Status\s+Interval\s+Seeders\s+Leechers\s+Peers'
        $text | Should -Match 'Success\s+900 s\s+3\s+2\s+2'
        ((Invoke-TorrentAnnounce -Path $alpha.Path).Peers | Format-Table | Out-String -Width 200) | Should -Match 'Address\s+Port'
    }

    It 'finds the other peer at a real opentracker' -Skip:(-not (Get-Command opentracker -ErrorAction Ignore)) {
        $trackerFolder = Join-Path ([System.IO.Path]::GetTempPath()) ('torrentps-opentracker-' + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $trackerFolder | Out-Null
        $process = $null
        try {
            # Debian's opentracker serves whitelisted hashes only and reads the list as "nobody".
            Set-Content -LiteralPath (Join-Path $trackerFolder 'whitelist.txt') -Value $alpha.InfoHash
            if (-not $IsWindows) { & chmod 755 $trackerFolder; & chmod 644 (Join-Path $trackerFolder 'whitelist.txt') }
            $port = Get-FreeTcpPort
            $process = Start-Process -FilePath (Get-Command opentracker).Source -WorkingDirectory $trackerFolder -PassThru `
                -ArgumentList '-i', '127.0.0.1', '-p', $port, '-P', $port, '-d', $trackerFolder, '-u', 'nobody', '-w', 'whitelist.txt'
            $url = "http://127.0.0.1:$port/announce"
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            do {
                $ready = Invoke-TorrentAnnounce -Path $alpha.Path -Tracker $url -Port 40000 -TimeoutSec 2 -ErrorAction SilentlyContinue
                if ($ready.IsSuccess) { break }
                Start-Sleep -Milliseconds 100
            } while ([DateTime]::UtcNow -lt $deadline)

            $first = Invoke-TorrentAnnounce -Path $alpha.Path -Tracker $url -Port 40001 -Event Started
            $second = Invoke-TorrentAnnounce -Path $alpha.Path -Tracker $url, "udp://127.0.0.1:$port/announce" -Port 40002 -All

            $first.Status | Should -Be 'Success'
            @($second.Status) | Should -Be @('Success', 'Success')
            $second[0].Peers.Port | Should -Contain 40001
            $second[1].Peers.Port | Should -Contain 40001
            (Invoke-TorrentScrape -Path $alpha.Path -Tracker $url).Leechers | Should -BeGreaterOrEqual 2
        }
        finally {
            if ($null -ne $process) { Stop-Process -Id $process.Id -Force -ErrorAction SilentlyContinue }
            Remove-Item -LiteralPath $trackerFolder -Recurse -Force -ErrorAction SilentlyContinue
        }
    }
}

Describe 'Invoke-TorrentScrape' -Tag 'CI' {
    It 'returns the seeders, completed and leechers each tracker counts' {
        $result = Get-TorrentInfo -Path $alpha.Path | Invoke-TorrentScrape

        $result | Should -BeOfType ([TorrentPS.TrackerScrapeResult])
        $result.Tracker | Should -Be $double.AnnounceUrl
        $result.InfoHash.ToString() | Should -Be $alpha.InfoHash
        $result.Status | Should -Be 'Success'
        $result.Seeders | Should -Be 5
        $result.Completed | Should -Be 9
        $result.Leechers | Should -Be 6
        @($double.Requests)[-1] | Should -Match '^/scrape\?info_hash='
    }

    It 'scrapes a bare info-hash given to -InfoHash or by property name, at the trackers given' {
        (Invoke-TorrentScrape -InfoHash $alpha.InfoHash -Tracker $double.AnnounceUrl).Seeders | Should -Be 5
        ([pscustomobject]@{ InfoHash = $alpha.InfoHash } | Invoke-TorrentScrape -Tracker $double.AnnounceUrl).Completed | Should -Be 9
    }

    It 'writes NoTracker for a hash without -Tracker and InvalidInfoHash for text that is not a hash' {
        $errors = $null

        Invoke-TorrentScrape -InfoHash $alpha.InfoHash, 'not-a-hash' -ErrorAction SilentlyContinue -ErrorVariable errors | Should -BeNullOrEmpty

        @($errors.FullyQualifiedErrorId | ForEach-Object { $_.Split(',')[0] }) | Should -Be @('NoTracker', 'InvalidInfoHash')
    }

    It 'writes a TrackerScrapeFailed error per failing tracker and still returns every result' {
        $errors = $null

        $results = Invoke-TorrentScrape -Path $alpha.Path -Tracker $closed, $double.AnnounceUrl, $refusing.AnnounceUrl -ErrorAction SilentlyContinue -ErrorVariable errors

        @($results.Tracker) | Should -Be @($closed, $double.AnnounceUrl, $refusing.AnnounceUrl)
        @($results.Status) | Should -Be @('Failed', 'Success', 'Failed')
        $errors | Should -HaveCount 2
        $errors | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'TrackerScrapeFailed,*' }
        $errors[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ConnectionError)
        $errors[0].TargetObject | Should -Be $closed
        $errors[1].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ProtocolError)
    }

    It 'declares its output type and shows a table' {
        (Get-Command Invoke-TorrentScrape).OutputType.Name | Should -Contain 'TorrentPS.TrackerScrapeResult'
        $text = Invoke-TorrentScrape -Path $alpha.Path | Format-Table | Out-String -Width 250

        $text | Should -Match 'Tracker\s+InfoHash\s+Status\s+Seeders\s+Completed\s+Leechers'
        $text | Should -Match "$($alpha.InfoHash)\s+Success\s+5\s+9\s+6"
    }
}
