#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

# Download jobs end to end without a seeder: a torrent whose data is already in the destination completes after
# the session has checked it (0 bytes downloaded), and a torrent with no data and no peers runs until it is
# stopped or suspended. Trackers are a closed loopback port, so nothing leaves the machine.

Describe 'Start-TorrentDownload and its companions' -Tag 'CI' {
    BeforeAll {
        Import-Module "$PSScriptRoot/../../out/TorrentPS/TorrentPS.psd1" -Force
        . "$PSScriptRoot/TorrentTestHelpers.ps1"
        . "$PSScriptRoot/DownloadTestHelpers.ps1"
        $modulePath = "$PSScriptRoot/../../out/TorrentPS/TorrentPS.psd1"

        function New-Folder {
            param([Parameter(Mandatory)][string] $Name)
            (New-Item -ItemType Directory -Path (Join-Path $TestDrive $Name) -Force).FullName
        }

        $announce = "http://127.0.0.1:$(Get-ClosedLoopbackPort)/announce"
        $torrentFolder = New-Folder 'torrents'
        $contentA = New-RandomBytes 100000 -Seed 11
        $contentB = New-RandomBytes 50000 -Seed 12
        $alpha = New-TestTorrent -Path (Join-Path $torrentFolder 'alpha.torrent') -Name 'alpha.bin' -Content $contentA -Announce $announce
        $beta = New-TestTorrent -Path (Join-Path $torrentFolder 'beta.torrent') -Name 'beta.bin' -Content $contentB -Announce $announce

        # A destination that already holds the torrents' data, as a finished download would leave it.
        function New-CompleteDestination {
            param([Parameter(Mandatory)][string] $Name)
            $folder = New-Folder $Name
            [System.IO.File]::WriteAllBytes((Join-Path $folder 'alpha.bin'), $contentA)
            [System.IO.File]::WriteAllBytes((Join-Path $folder 'beta.bin'), $contentB)
            $folder
        }
    }

    AfterEach {
        Get-Job | Where-Object { $_.PSJobTypeName -eq 'TorrentDownload' } | Remove-Job -Force
    }

    AfterAll {
        Remove-Module TorrentPS -Force -ErrorAction SilentlyContinue
    }

    Context 'A download over data already in place' {
        It 'returns a TorrentDownload job at once that Get-Job lists and that completes' {
            $destination = New-CompleteDestination 'complete1'

            $job = Start-TorrentDownload -Path $alpha.Path -Destination $destination

            $job | Should -BeOfType ([TorrentPS.TorrentDownloadJob])
            $job.PSJobTypeName | Should -Be 'TorrentDownload'
            $job.Name | Should -Be 'alpha.bin'
            $job.Location | Should -Be $destination
            $job.InfoHash.ToString() | Should -Be $alpha.InfoHash
            (Get-Job -Id $job.Id) | Should -Be $job

            $job | Wait-Job -Timeout 60 | Should -Be $job
            $job.JobStateInfo.State | Should -Be 'Completed'
            $job.PercentComplete | Should -Be 100
            $job.StatusMessage | Should -BeLike 'completed*'
        }

        It 'gives the result through Receive-Job: complete, verified, nothing downloaded' {
            $destination = New-CompleteDestination 'complete2'
            $job = Start-TorrentDownload -LiteralPath $alpha.Path -Destination $destination
            $job | Wait-Job -Timeout 60 | Out-Null

            $result = Receive-Job -Job $job

            $result | Should -BeOfType ([TorrentPS.TorrentDownloadResult])
            $result.Name | Should -Be 'alpha.bin'
            $result.InfoHash.ToString() | Should -Be $alpha.InfoHash
            $result.Path | Should -Be (Join-Path $destination 'alpha.bin')
            $result.Size | Should -Be 100000
            $result.IsComplete | Should -BeTrue
            $result.BytesDownloaded | Should -Be 0
            $result.PiecesVerified | Should -Be 7
            $result.PieceCount | Should -Be 7
            $job.Result | Should -Be $result
            $job.HasMoreData | Should -BeFalse
        }

        It 'records progress under the job''s own activity id and closes the bar last' {
            $ProgressPreference = 'Continue'
            $destination = New-CompleteDestination 'complete3'
            $job = Start-TorrentDownload -Path $alpha.Path -Destination $destination
            $job | Wait-Job -Timeout 60 | Out-Null

            $records = @($job.Progress)

            $records.Count | Should -BeGreaterThan 0
            $records | ForEach-Object { $_.ActivityId | Should -Be $job.Id }
            $records[-1].RecordType | Should -Be ([System.Management.Automation.ProgressRecordType]::Completed)
            $records[-1].PercentComplete | Should -Be 100
            @($records | Where-Object { $_.RecordType -eq 'Completed' }).Count | Should -Be 1
        }

        It 'adds no progress records when $ProgressPreference is SilentlyContinue' {
            $ProgressPreference = 'SilentlyContinue'
            $destination = New-CompleteDestination 'complete4'
            $job = Start-TorrentDownload -Path $alpha.Path -Destination $destination
            $job | Wait-Job -Timeout 60 | Out-Null

            $job.Progress.Count | Should -Be 0
        }

        It 'writes the engine''s verbose messages into the job with -Verbose' {
            $destination = New-CompleteDestination 'complete5'
            $job = Start-TorrentDownload -Path $alpha.Path -Destination $destination -Verbose
            $job | Wait-Job -Timeout 60 | Out-Null

            ($job.Verbose | ForEach-Object Message) -join "`n" | Should -Match 'checked'
        }

        It 'runs in the foreground with -Wait and returns the result instead of a job' {
            $destination = New-CompleteDestination 'complete6'
            $before = @(Get-Job).Count

            $result = Start-TorrentDownload -Path $alpha.Path -Destination $destination -Wait

            $result | Should -BeOfType ([TorrentPS.TorrentDownloadResult])
            $result.IsComplete | Should -BeTrue
            $result.Path | Should -Be (Join-Path $destination 'alpha.bin')
            @(Get-Job).Count | Should -Be $before
        }

        It 'writes a progress bar in the foreground and closes it' {
            $run = Start-ForegroundDownload -ModulePath $modulePath -Parameters @{ Path = $beta.Path; Destination = (New-CompleteDestination 'complete11') }

            $received = Receive-ForegroundDownload $run

            $received.Output.Count | Should -Be 1
            $received.Progress.Count | Should -BeGreaterThan 0
            $received.Progress[-1].RecordType | Should -Be ([System.Management.Automation.ProgressRecordType]::Completed)
            $received.Progress[-1].Activity | Should -BeLike '* beta.bin'
        }

        It 'starts one job per torrent from Get-ChildItem and Get-TorrentInfo, and Wait-TorrentDownload passes them on' {
            $destination = New-CompleteDestination 'complete7'

            $jobs = @(Get-ChildItem -Path $torrentFolder -Filter '*.torrent' | Start-TorrentDownload -Destination $destination)
            $jobs += Get-TorrentInfo -Path $beta.Path | Start-TorrentDownload -Destination $destination
            $finished = @($jobs | Wait-TorrentDownload -Timeout 60)

            $jobs.Count | Should -Be 3
            ($jobs | ForEach-Object Id | Sort-Object -Unique).Count | Should -Be 3
            $finished.Count | Should -Be 3
            $results = $finished | Receive-Job
            @($results.Name | Sort-Object) | Should -Be @('alpha.bin', 'beta.bin', 'beta.bin')
            $results | ForEach-Object { $_.IsComplete | Should -BeTrue }
        }

        It 'uses the current location when no destination is given' {
            $destination = New-CompleteDestination 'complete8'
            Push-Location -LiteralPath $destination
            try {
                $result = Start-TorrentDownload -Path $beta.Path -Wait
            }
            finally {
                Pop-Location
            }

            $result.Path | Should -Be (Join-Path $destination 'beta.bin')
            $result.IsComplete | Should -BeTrue
        }

        It 'shows jobs and results in the module''s tables' {
            $destination = New-CompleteDestination 'complete9'
            $job = Start-TorrentDownload -Path $alpha.Path -Destination $destination
            $job | Wait-Job -Timeout 60 | Out-Null

            $jobText = $job | Format-Table | Out-String -Width 200
            $resultText = Receive-Job $job | Format-Table | Out-String -Width 200

            $jobText | Should -Match 'Id\s+Name\s+State\s+Percent\s+Rate\s+Peers\s+ETA'
            $jobText | Should -Match 'alpha\.bin\s+Completed\s+100[.,]0%'
            $resultText | Should -Match 'Name\s+Size\s+Duration\s+AverageRate\s+Peers\s+Verified'
            $resultText | Should -Match 'alpha\.bin\s+97[.,]66 KiB.*complete'
        }
    }

    Context 'A download with no peers' {
        It 'Stop-Job stops it gracefully: Stopped, a partial result, resume state on disk' {
            $destination = New-Folder 'nopeers1'
            $job = Start-TorrentDownload -Path $alpha.Path -Destination $destination
            Wait-Until { $job.Activity -eq 'Downloading' } -Because 'the download has started'

            Stop-Job -Job $job

            $job.JobStateInfo.State | Should -Be 'Stopped'
            $result = Receive-Job $job
            $result.IsComplete | Should -BeFalse
            $result.PiecesVerified | Should -Be 0
            Test-Path -LiteralPath (Join-Path $destination ".torrentps/$($alpha.InfoHash).resume") | Should -BeTrue
        }

        It 'Ctrl+C on a foreground download stops it gracefully before the command ends' {
            $destination = New-Folder 'ctrlc'
            $run = Start-ForegroundDownload -ModulePath $modulePath -Parameters @{ Path = $alpha.Path; Destination = $destination }
            try {
                Wait-Until { @($run.Shell.Streams.Progress | Where-Object { $_.Activity -eq 'Downloading alpha.bin' }).Count -gt 0 } -Because 'the download has started'

                # What Ctrl+C does: StopProcessing, then wait for the pipeline to end.
                $run.Shell.Stop()

                $run.Shell.InvocationStateInfo.State | Should -Be 'Stopped'
                Test-Path -LiteralPath (Join-Path $destination ".torrentps/$($alpha.InfoHash).resume") | Should -BeTrue
            }
            finally {
                $run.Shell.Dispose()
            }
        }

        It 'Stop-TorrentDownload -PassThru stops several jobs, and Remove-Job removes them' {
            $jobs = @(
                Start-TorrentDownload -Path $alpha.Path -Destination (New-Folder 'nopeers2')
                Start-TorrentDownload -Path $beta.Path -Destination (New-Folder 'nopeers3')
            )

            $stopped = @($jobs | Stop-TorrentDownload -PassThru)

            $stopped.Count | Should -Be 2
            $stopped | ForEach-Object { $_.JobStateInfo.State | Should -Be 'Stopped' }
            $stopped | Remove-Job
            Get-Job -Id $jobs[0].Id, $jobs[1].Id -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            Get-TorrentDownload | Where-Object { $_.Id -in $jobs.Id } | Should -BeNullOrEmpty
        }

        It 'Suspend-TorrentDownload pauses it, and Resume-TorrentDownload runs it again, which sees new data' {
            $destination = New-Folder 'nopeers4'
            $job = Start-TorrentDownload -Path $alpha.Path -Destination $destination
            Wait-Until { $job.Activity -eq 'Downloading' } -Because 'the download has started'

            $job | Suspend-TorrentDownload
            $job.JobStateInfo.State | Should -Be 'Suspended'
            $job.StatusMessage | Should -BeLike 'suspended*'

            # The data arrives while it is paused; its new time stamp makes the saved resume state stale.
            $file = Join-Path $destination 'alpha.bin'
            [System.IO.File]::WriteAllBytes($file, $contentA)
            [System.IO.File]::SetLastWriteTimeUtc($file, [DateTime]::UtcNow.AddHours(-1))
            $resumed = $job | Resume-TorrentDownload -PassThru

            $resumed | Should -Be $job
            $job | Wait-Job -Timeout 60 | Out-Null
            $job.JobStateInfo.State | Should -Be 'Completed'
            $result = Receive-Job $job
            $result.IsComplete | Should -BeTrue
            $result.BytesDownloaded | Should -Be 0
        }

        It 'Wait-TorrentDownload -Timeout returns nothing for a job that keeps running' {
            $job = Start-TorrentDownload -Path $beta.Path -Destination (New-Folder 'nopeers5')

            $done = Wait-TorrentDownload -Job $job -Timeout 1

            $done | Should -BeNullOrEmpty
            $job.JobStateInfo.State | Should -Be 'Running'
        }

        It 'Wait-TorrentDownload -Any returns the job that finished and leaves the other running' {
            $running = Start-TorrentDownload -Path $alpha.Path -Destination (New-Folder 'nopeers6')
            $completing = Start-TorrentDownload -Path $beta.Path -Destination (New-CompleteDestination 'complete10')

            $done = @(Wait-TorrentDownload -Job $running, $completing -Any -Timeout 60)

            $done.Count | Should -Be 1
            $done[0] | Should -Be $completing
            $running.JobStateInfo.State | Should -Be 'Running'
        }

        It 'Remove-Job -Force stops a running download and removes it' {
            $job = Start-TorrentDownload -Path $beta.Path -Destination (New-Folder 'nopeers7')
            $id = $job.Id

            Remove-Job -Job $job -Force

            Get-Job -Id $id -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }
    }

    Context 'Finding downloads' {
        BeforeAll {
            $destination = New-Folder 'find'
        }

        It 'Get-TorrentDownload finds jobs by name with wildcards, by id, and by the info-hash of piped torrents' {
            $a = Start-TorrentDownload -Path $alpha.Path -Destination $destination
            $b = Start-TorrentDownload -Path $beta.Path -Destination $destination

            @(Get-TorrentDownload) | Should -Be @($a, $b)
            Get-TorrentDownload -Name 'ALPHA*' | Should -Be $a
            Get-TorrentDownload -Id $b.Id | Should -Be $b
            Get-TorrentInfo -Path $beta.Path | Get-TorrentDownload | Should -Be $b
            Get-TorrentDownload -InfoHash $alpha.InfoHash.ToUpperInvariant() | Should -Be $a
        }

        It 'reports a name or id that matches no download as DownloadNotFound' {
            $errors = $null

            Get-TorrentDownload -Name 'no-such-download' -ErrorAction SilentlyContinue -ErrorVariable errors | Should -BeNullOrEmpty

            $errors[0].FullyQualifiedErrorId | Should -BeLike 'DownloadNotFound,*'
            $errors[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ObjectNotFound)
            Get-TorrentDownload -Name 'none*' | Should -BeNullOrEmpty
        }

        It 'ignores other kinds of jobs' {
            $other = Start-Job -ScriptBlock { 1 }
            try {
                Get-TorrentDownload | Where-Object { $_.Id -eq $other.Id } | Should -BeNullOrEmpty
            }
            finally {
                $other | Remove-Job -Force
            }
        }
    }

    Context 'Errors and -WhatIf' {
        It 'starts nothing with -WhatIf' {
            $before = @(Get-Job).Count

            Start-TorrentDownload -Path $alpha.Path -Destination (New-Folder 'whatif') -WhatIf | Should -BeNullOrEmpty

            @(Get-Job).Count | Should -Be $before
        }

        It 'refuses a peer address it cannot read before starting anything' {
            { Start-TorrentDownload -Path $alpha.Path -Destination (New-Folder 'badpeer') -Peer '::1:6881' } |
                Should -Throw -ErrorId 'InvalidPeerAddress,*'
            Get-TorrentDownload | Should -BeNullOrEmpty
        }

        It 'refuses a destination that is a file' {
            { Start-TorrentDownload -Path $alpha.Path -Destination $alpha.Path } | Should -Throw -ErrorId 'InvalidDestination,*'
        }

        It 'reports magnet links as not supported yet and still starts the torrents' {
            $errors = $null
            $magnet = "magnet:?xt=urn:btih:$($alpha.InfoHash)"

            $jobs = @($magnet, $beta.Path | Start-TorrentDownload -Destination (New-Folder 'magnet') -ErrorAction SilentlyContinue -ErrorVariable errors)

            $jobs.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'MagnetDownloadNotSupported,*'
            $errors[0].TargetObject | Should -Be $magnet
        }

        It 'reports a broken torrent file and goes on with the rest' {
            $broken = Join-Path (New-Folder 'broken-torrents') 'broken.torrent'
            [System.IO.File]::WriteAllBytes($broken, (Get-AsciiBytes 'd8:announce'))
            $errors = $null

            $jobs = @(Start-TorrentDownload -LiteralPath $broken, $alpha.Path -Destination (New-CompleteDestination 'broken') -ErrorAction SilentlyContinue -ErrorVariable errors)

            $jobs.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidTorrent,*'
        }

        It 'says a finished job cannot be suspended or resumed' {
            $job = Start-TorrentDownload -Path $alpha.Path -Destination (New-CompleteDestination 'finished')
            $job | Wait-Job -Timeout 60 | Out-Null
            $suspendErrors = $null
            $resumeErrors = $null

            $job | Suspend-TorrentDownload -ErrorAction SilentlyContinue -ErrorVariable suspendErrors
            $job | Resume-TorrentDownload -ErrorAction SilentlyContinue -ErrorVariable resumeErrors

            $suspendErrors[0].FullyQualifiedErrorId | Should -BeLike 'DownloadNotRunning,*'
            $resumeErrors[0].FullyQualifiedErrorId | Should -BeLike 'DownloadNotSuspended,*'
            $job.JobStateInfo.State | Should -Be 'Completed'
        }
    }
}
