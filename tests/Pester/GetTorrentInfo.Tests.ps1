#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

Describe 'Get-TorrentInfo' -Tag 'CI' {
    BeforeAll {
        Import-Module "$PSScriptRoot/../../out/TorrentPS/TorrentPS.psd1" -Force
        . "$PSScriptRoot/TorrentTestHelpers.ps1"

        # set/ holds two good torrents (one in a sub-folder) and a broken one; other/ holds the rest.
        $setFolder = Join-Path $TestDrive 'set'
        $goodFolder = Join-Path $setFolder 'good'
        $subFolder = Join-Path $goodFolder 'sub'
        $otherFolder = Join-Path $TestDrive 'other'
        New-Item -ItemType Directory -Path $subFolder, $otherFolder -Force | Out-Null

        # 40000 bytes in 16 KiB pieces: 3 pieces, the last one short.
        $alpha = New-TestTorrent -Path (Join-Path $goodFolder 'alpha.torrent') -Name 'alpha.bin' -Content (New-RandomBytes 40000 -Seed 1)
        $beta = New-TestTorrent -Path (Join-Path $subFolder 'beta.torrent') -Name 'beta.bin' -Content (New-RandomBytes 70000 -Seed 2) -PieceLength 32768
        $brokenPath = Join-Path $setFolder 'broken.torrent'
        [System.IO.File]::WriteAllBytes($brokenPath, (Get-AsciiBytes 'd8:announce30:http://127.0.0.1:6969/ann'))

        $magnet = "magnet:?xt=urn:btih:$($alpha.InfoHash)&dn=alpha.bin&tr=http%3A%2F%2F127.0.0.1%3A6969%2Fannounce"
    }

    AfterAll {
        Remove-Module TorrentPS -Force -ErrorAction SilentlyContinue
    }

    Context 'Reading files' {
        It 'reads a torrent by -Path: name, size, pieces and the info-hash' {
            $torrent = Get-TorrentInfo -Path $alpha.Path

            $torrent | Should -BeOfType ([TorrentPS.TorrentInfo])
            $torrent.Name | Should -Be 'alpha.bin'
            $torrent.TotalSize | Should -Be 40000
            $torrent.PieceLength | Should -Be 16384
            $torrent.PieceCount | Should -Be 3
            $torrent.AnnounceUrls | Should -Be @('http://127.0.0.1:6969/announce')
            $torrent.Source | Should -Be $alpha.Path
        }

        It 'computes the info-hash as the SHA-1 of the exact info dictionary bytes' {
            $torrent = Get-TorrentInfo -Path $alpha.Path

            $torrent.InfoHash.ToString() | Should -Be $alpha.InfoHash
            (ConvertTo-Base64 $torrent.GetMetadata()) | Should -Be (ConvertTo-Base64 $alpha.InfoBytes)
        }

        It 'lists the files as TorrentPS.TorrentFile objects' {
            $files = @((Get-TorrentInfo -Path $beta.Path).Files)

            $files.Count | Should -Be 1
            $files[0] | Should -BeOfType ([TorrentPS.TorrentFile])
            $files[0].Path | Should -Be 'beta.bin'
            $files[0].Length | Should -Be 70000
            $files[0].Offset | Should -Be 0
            $files[0].FirstPiece | Should -Be 0
            $files[0].LastPiece | Should -Be 2
        }

        It 'expands wildcards in -Path' {
            $names = Get-TorrentInfo -Path (Join-Path $goodFolder '*.torrent') | ForEach-Object Name

            $names | Should -Be @('alpha.bin')
        }

        It 'reads what Get-ChildItem -Recurse pipes in, and a bad file does not stop the others' {
            $errors = $null
            $torrents = Get-ChildItem -Path $setFolder -Recurse -Filter '*.torrent' |
                Get-TorrentInfo -ErrorAction SilentlyContinue -ErrorVariable errors

            @($torrents.Name | Sort-Object) | Should -Be @('alpha.bin', 'beta.bin')
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidTorrent,*'
            $errors[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidData)
            $errors[0].TargetObject | Should -Be (Get-Item -LiteralPath $brokenPath).FullName
        }

        It 'reads names with brackets through -LiteralPath' {
            $bracketed = Join-Path $otherFolder 'gamma[1].torrent'
            [System.IO.File]::Copy($alpha.Path, $bracketed, $true)

            (Get-TorrentInfo -LiteralPath $bracketed).InfoHash.ToString() | Should -Be $alpha.InfoHash
        }

        It 'reads a torrent that is already in memory with -Bytes' {
            $torrent = Get-TorrentInfo -Bytes ([System.IO.File]::ReadAllBytes($beta.Path))

            $torrent.InfoHash.ToString() | Should -Be $beta.InfoHash
            $torrent.Source | Should -BeNullOrEmpty
        }

        It 'writes the parser''s warnings, such as a name reserved on Windows' {
            $reserved = New-TestTorrent -Path (Join-Path $otherFolder 'reserved.torrent') -Name 'CON' -Content (New-RandomBytes 100 -Seed 3)
            $warnings = $null

            $torrent = Get-TorrentInfo -LiteralPath $reserved.Path -WarningAction SilentlyContinue -WarningVariable warnings

            $torrent.Name | Should -Not -Be 'CON'
            $warnings.Count | Should -BeGreaterThan 0
            $torrent.Warnings.Count | Should -BeGreaterThan 0
        }
    }

    Context 'Errors' {
        It 'reports a plain path that does not exist as TorrentFileNotFound' {
            $errors = $null
            $missing = Join-Path $otherFolder 'missing.torrent'

            $result = Get-TorrentInfo -Path $missing -ErrorAction SilentlyContinue -ErrorVariable errors

            $result | Should -BeNullOrEmpty
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'TorrentFileNotFound,*'
            $errors[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ObjectNotFound)
            $errors[0].TargetObject | Should -Be $missing
        }

        It 'says nothing when a wildcard matches nothing, as Get-FileHash does' {
            $errors = $null

            $result = Get-TorrentInfo -Path (Join-Path $otherFolder '*.nothing') -ErrorVariable errors

            $result | Should -BeNullOrEmpty
            $errors.Count | Should -Be 0
        }

        It 'refuses a -LiteralPath that does not exist' {
            $errors = $null

            Get-TorrentInfo -LiteralPath (Join-Path $otherFolder 'missing[2].torrent') -ErrorAction SilentlyContinue -ErrorVariable errors

            $errors[0].FullyQualifiedErrorId | Should -BeLike 'TorrentFileNotFound,*'
        }

        It 'refuses paths on providers other than the file system' {
            $errors = $null

            Get-TorrentInfo -Path 'Variable:\PSHOME' -ErrorAction SilentlyContinue -ErrorVariable errors

            $errors[0].FullyQualifiedErrorId | Should -BeLike 'NotFileSystemPath,*'
            $errors[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidArgument)
        }

        It 'refuses a folder named without wildcards' {
            $errors = $null

            Get-TorrentInfo -Path $goodFolder -ErrorAction SilentlyContinue -ErrorVariable errors

            $errors[0].FullyQualifiedErrorId | Should -BeLike 'PathIsDirectory,*'
        }

        It 'stops the pipeline only when asked to' {
            { Get-TorrentInfo -Path $brokenPath -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidTorrent,*'
        }
    }

    Context 'Magnet links' {
        It 'reads a magnet link given to -Uri' {
            $link = Get-TorrentInfo -Uri $magnet

            $link | Should -BeOfType ([TorrentPS.MagnetLink])
            $link.InfoHash.ToString() | Should -Be $alpha.InfoHash
            $link.DisplayName | Should -Be 'alpha.bin'
            $link.Trackers | Should -Be @('http://127.0.0.1:6969/announce')
        }

        It 'reads magnet links piped in as strings' {
            $links = @($magnet, $magnet.Replace('dn=alpha.bin', 'dn=copy')) | Get-TorrentInfo

            $links.Count | Should -Be 2
            $links[1].DisplayName | Should -Be 'copy'
            $links | ForEach-Object { $_ | Should -BeOfType ([TorrentPS.MagnetLink]) }
        }

        It 'binds MagnetLink objects by their Uri property' {
            $again = Get-TorrentInfo -Uri $magnet | Get-TorrentInfo

            $again.InfoHash.ToString() | Should -Be $alpha.InfoHash
        }

        It 'reads the magnet link a torrent makes of itself' {
            $uri = (Get-TorrentInfo -Path $alpha.Path).ToMagnetLink().Uri

            (Get-TorrentInfo -Uri $uri).InfoHash.ToString() | Should -Be $alpha.InfoHash
        }

        It 'reports a bad magnet link as InvalidMagnetLink and still reads the good ones' {
            $errors = $null

            $links = Get-TorrentInfo -Uri 'magnet:?dn=no-hash', $magnet -ErrorAction SilentlyContinue -ErrorVariable errors

            @($links).Count | Should -Be 1
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidMagnetLink,*'
            $errors[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidArgument)
            $errors[0].TargetObject | Should -Be 'magnet:?dn=no-hash'
        }
    }

    Context 'Default views' {
        It 'shows name, human-readable size, files, pieces and info-hash in the table' {
            $text = Get-TorrentInfo -Path $alpha.Path | Format-Table | Out-String -Width 200

            $text | Should -Match 'Name\s+Size\s+Files\s+Pieces\s+InfoHash'
            $text | Should -Match 'alpha\.bin\s+39\.06 KiB\s+1\s+3\s+'
            $text | Should -Match $alpha.InfoHash
        }

        It 'shows trackers and piece length in the list view' {
            $text = Get-TorrentInfo -Path $alpha.Path | Format-List | Out-String -Width 200

            $text | Should -Match 'Trackers\s*:\s*http://127\.0\.0\.1:6969/announce'
            $text | Should -Match 'PieceLength\s*:\s*16 KiB'
            $text | Should -Match '39\.06 KiB \(40,000 bytes\)'
        }

        It 'shows each file with its size and the pieces it spans' {
            $text = (Get-TorrentInfo -Path $beta.Path).Files | Format-Table | Out-String -Width 200

            $text | Should -Match 'Path\s+Size\s+Offset\s+Pieces'
            $text | Should -Match 'beta\.bin\s+68\.36 KiB\s+0\s+0-2'
        }

        It 'shows magnet links as a table' {
            $text = Get-TorrentInfo -Uri $magnet | Format-Table | Out-String -Width 200

            $text | Should -Match 'Name\s+Size\s+Trackers\s+InfoHash'
            $text | Should -Match "alpha\.bin\s+1\s+$($alpha.InfoHash)"
        }
    }
}
