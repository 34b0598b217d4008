#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

Describe 'Test-TorrentData' -Tag 'CI' {
    BeforeAll {
        Import-Module "$PSScriptRoot/../../out/TorrentPS/TorrentPS.psd1" -Force
        . "$PSScriptRoot/TorrentTestHelpers.ps1"

        # Torrents assembled byte by byte by the helpers (not by the module), with their data next to them:
        # alpha.bin is 40000 bytes in 16 KiB pieces (3 pieces), beta.bin 70000 bytes in 32 KiB pieces (3 pieces).
        function New-Fixture {
            $folder = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
            $data = Join-Path $folder 'data'
            $torrents = Join-Path $folder 'torrents'
            New-Item -ItemType Directory -Path $data, $torrents | Out-Null
            $alphaBytes = New-RandomBytes 40000 -Seed 1
            $betaBytes = New-RandomBytes 70000 -Seed 2
            [System.IO.File]::WriteAllBytes((Join-Path $data 'alpha.bin'), $alphaBytes)
            [System.IO.File]::WriteAllBytes((Join-Path $data 'beta.bin'), $betaBytes)
            $alpha = New-TestTorrent -Path (Join-Path $torrents 'alpha.torrent') -Name 'alpha.bin' -Content $alphaBytes
            $beta = New-TestTorrent -Path (Join-Path $torrents 'beta.torrent') -Name 'beta.bin' -Content $betaBytes -PieceLength 32768
            [pscustomobject]@{ Data = $data; Torrents = $torrents; Alpha = $alpha; Beta = $beta }
        }

        function Set-FlippedByte {
            param([string] $Path, [long] $Offset)
            $bytes = [System.IO.File]::ReadAllBytes($Path)
            $bytes[$Offset] = $bytes[$Offset] -bxor 0xFF
            [System.IO.File]::WriteAllBytes($Path, $bytes)
        }
    }

    AfterAll {
        Remove-Module TorrentPS -Force -ErrorAction SilentlyContinue
    }

    BeforeEach {
        $fixture = New-Fixture
    }

    Context 'Complete and damaged data' {
        It 'emits one complete TorrentPS.TorrentFileCheck per file when the data is intact' {
            $checks = @(Test-TorrentData -Torrent $fixture.Alpha.Path -Path $fixture.Data)

            $checks.Count | Should -Be 1
            $checks[0] | Should -BeOfType ([TorrentPS.TorrentFileCheck])
            $checks[0].Path | Should -Be 'alpha.bin'
            $checks[0].IsComplete | Should -BeTrue
            $checks[0].PiecesGood | Should -Be 3
            $checks[0].SizeOnDisk | Should -Be 40000
        }

        It 'finds a flipped byte as one bad piece, and Where-Object -not IsComplete picks the file out' {
            Set-FlippedByte -Path (Join-Path $fixture.Data 'alpha.bin') -Offset 20000

            $bad = @(Test-TorrentData $fixture.Alpha.Path -Path $fixture.Data | Where-Object { -not $_.IsComplete })

            $bad.Count | Should -Be 1
            $bad[0].PiecesBad | Should -Be 1
            $bad[0].PiecesGood | Should -Be 2
        }

        It 'counts the pieces of a missing file as missing' {
            Remove-Item -LiteralPath (Join-Path $fixture.Data 'beta.bin')

            $check = Test-TorrentData $fixture.Beta.Path -Path $fixture.Data

            $check.Exists | Should -BeFalse
            $check.PiecesMissing | Should -Be 3
            $check.IsComplete | Should -BeFalse
        }

        It 'answers -Quiet with a boolean only' {
            $good = Test-TorrentData $fixture.Alpha.Path -Path $fixture.Data -Quiet
            Set-FlippedByte -Path (Join-Path $fixture.Data 'alpha.bin') -Offset 0
            $bad = Test-TorrentData $fixture.Alpha.Path -Path $fixture.Data -Quiet

            $good | Should -BeOfType ([bool])
            $good | Should -BeTrue
            $bad | Should -BeFalse
        }

        It 'emits a TorrentPS.DataCheckResult with -Summary' {
            $summary = Test-TorrentData $fixture.Beta.Path -Path $fixture.Data -Summary

            $summary | Should -BeOfType ([TorrentPS.DataCheckResult])
            $summary.IsComplete | Should -BeTrue
            $summary.PieceCount | Should -Be 3
            $summary.BytesVerified | Should -Be 70000
            $summary.InfoHash.ToString() | Should -Be $fixture.Beta.InfoHash
            @($summary.Files).Count | Should -Be 1
        }

        It 'finds a single-file torrent''s data from the file itself' {
            Test-TorrentData $fixture.Alpha.Path -Path (Join-Path $fixture.Data 'alpha.bin') -Quiet | Should -BeTrue
        }
    }

    Context 'Input from the pipeline' {
        It 'checks every .torrent file piped from Get-ChildItem' {
            $checks = Get-ChildItem -Path $fixture.Torrents -Filter '*.torrent' | Test-TorrentData -Path $fixture.Data

            @($checks.Path | Sort-Object) | Should -Be @('alpha.bin', 'beta.bin')
            @($checks | Where-Object IsComplete).Count | Should -Be 2
        }

        It 'looks in the current location when .torrent files are piped in without -Path' {
            Push-Location $fixture.Data
            try {
                $results = Get-ChildItem -Path $fixture.Torrents -Filter '*.torrent' | Test-TorrentData -Quiet
            }
            finally {
                Pop-Location
            }

            @($results) | Should -Be @($true, $true)
        }

        It 'takes TorrentPS.TorrentInfo objects from Get-TorrentInfo' {
            $result = Get-TorrentInfo -Path $fixture.Beta.Path | Test-TorrentData -Path $fixture.Data -Summary

            $result.Name | Should -Be 'beta.bin'
            $result.IsComplete | Should -BeTrue
        }

        It 'checks data folders piped in when the torrent is given' {
            $copy = Join-Path (Split-Path $fixture.Data) 'copy'
            Copy-Item -LiteralPath $fixture.Data -Destination $copy -Recurse
            Set-FlippedByte -Path (Join-Path $copy 'alpha.bin') -Offset 100

            $results = Get-Item -LiteralPath $fixture.Data, $copy | Test-TorrentData -Torrent $fixture.Alpha.Path -Quiet

            @($results) | Should -Be @($true, $false)
        }

        It 'verifies a multi-file torrent made by New-Torrent from its own folder' {
            $album = Join-Path (Split-Path $fixture.Data) 'album'
            New-Item -ItemType Directory -Path (Join-Path $album 'sub') -Force | Out-Null
            [System.IO.File]::WriteAllBytes((Join-Path $album 'one.bin'), (New-RandomBytes 30000 -Seed 5))
            [System.IO.File]::WriteAllBytes((Join-Path $album 'sub/two.bin'), (New-RandomBytes 9000 -Seed 6))
            $torrent = New-Torrent $album (Join-Path $fixture.Torrents 'album.torrent') -PassThru

            $checks = @(Test-TorrentData $torrent -Path $album)

            @($checks.Path) | Should -Be @('album/one.bin', 'album/sub/two.bin')
            @($checks | Where-Object IsComplete).Count | Should -Be 2
        }
    }

    Context 'Views' {
        It 'shows file checks as a table with a status' {
            $text = Test-TorrentData $fixture.Alpha.Path -Path $fixture.Data | Format-Table | Out-String

            $text | Should -Match 'alpha\.bin'
            $text | Should -Match 'complete'
            $text | Should -Match '39\.06 KiB'
        }
    }

    Context 'Errors' {
        It 'writes TorrentDataPathNotFound for data that is not there' {
            Test-TorrentData $fixture.Alpha.Path -Path (Join-Path $fixture.Data 'nowhere') -ErrorAction SilentlyContinue -ErrorVariable errors

            $errors[0].FullyQualifiedErrorId | Should -BeLike 'TorrentDataPathNotFound,*'
        }

        It 'writes InvalidTorrent for a broken torrent and goes on with the next' {
            $broken = Join-Path $fixture.Torrents 'broken.torrent'
            [System.IO.File]::WriteAllBytes($broken, (Get-AsciiBytes 'd8:announce'))

            $results = Test-TorrentData $broken, $fixture.Alpha.Path -Path $fixture.Data -Quiet -ErrorAction SilentlyContinue -ErrorVariable errors

            @($results) | Should -Be @($true)
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidTorrent,*'
            $errors[0].TargetObject | Should -Be $broken
        }

        It 'refuses a magnet link, which has no piece hashes' {
            Test-TorrentData "magnet:?xt=urn:btih:$($fixture.Alpha.InfoHash)" -Path $fixture.Data -ErrorAction SilentlyContinue -ErrorVariable errors

            $errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidTorrentInput,*'
        }

        It 'refuses -Summary with -Quiet' {
            { Test-TorrentData $fixture.Alpha.Path -Path $fixture.Data -Summary -Quiet } | Should -Throw -ErrorId 'SummaryWithQuiet,*'
        }
    }
}
