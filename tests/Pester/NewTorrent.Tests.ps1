#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

Describe 'New-Torrent' -Tag 'CI' {
    BeforeAll {
        Import-Module "$PSScriptRoot/../../out/TorrentPS/TorrentPS.psd1" -Force
        . "$PSScriptRoot/TorrentTestHelpers.ps1"

        # album/: a.txt (17 bytes), b.bin (40000), sub/c.bin (20000); 60017 bytes in 16 KiB pieces = 4 pieces.
        function New-Album {
            param([Parameter(Mandatory)][string] $Root)
            $album = Join-Path $Root 'album'
            New-Item -ItemType Directory -Path (Join-Path $album 'sub') -Force | Out-Null
            [System.IO.File]::WriteAllBytes((Join-Path $album 'a.txt'), (New-RandomBytes 17 -Seed 2))
            [System.IO.File]::WriteAllBytes((Join-Path $album 'b.bin'), (New-RandomBytes 40000 -Seed 1))
            [System.IO.File]::WriteAllBytes((Join-Path (Join-Path $album 'sub') 'c.bin'), (New-RandomBytes 20000 -Seed 3))
            return $album
        }

        function Join-PieceHashes {
            param([Parameter(Mandatory)] $Torrent)
            $stream = [System.IO.MemoryStream]::new()
            foreach ($hash in $Torrent.PieceHashes) {
                $stream.Write([byte[]] $hash, 0, 20)
            }
            return , $stream.ToArray()
        }
    }

    AfterAll {
        Remove-Module TorrentPS -Force -ErrorAction SilentlyContinue
    }

    BeforeEach {
        $root = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $root | Out-Null
    }

    Context 'Making torrents' {
        It 'makes a single-file torrent whose piece hashes are the SHA-1 of each 16 KiB of the file' {
            $content = New-RandomBytes 40000 -Seed 7
            $file = Join-Path $root 'one.bin'
            [System.IO.File]::WriteAllBytes($file, $content)
            $out = Join-Path $root 'one.torrent'

            $torrent = New-Torrent -Path $file -OutFile $out -PieceSize 16KB -PassThru

            $torrent | Should -BeOfType ([TorrentPS.TorrentInfo])
            $torrent.Name | Should -Be 'one.bin'
            $torrent.IsMultiFile | Should -BeFalse
            $torrent.PieceLength | Should -Be 16384
            $torrent.PieceCount | Should -Be 3
            (ConvertTo-Base64 (Join-PieceHashes $torrent)) | Should -Be (ConvertTo-Base64 (Get-PieceHashes -Content $content -PieceLength 16384))
            $torrent.Source | Should -Be $out
            (Get-TorrentInfo -LiteralPath $out).InfoHash | Should -Be $torrent.InfoHash
        }

        It 'makes a multi-file torrent of a folder, its files in ordinal order under its name' {
            $album = New-Album $root

            $torrent = New-Torrent -Path $album -OutFile (Join-Path $root 'album.torrent') -PieceSize 16KB -PassThru

            $torrent.IsMultiFile | Should -BeTrue
            $torrent.Name | Should -Be 'album'
            @($torrent.Files.Path) | Should -Be @('album/a.txt', 'album/b.bin', 'album/sub/c.bin')
            $torrent.TotalSize | Should -Be 60017
            $torrent.PieceCount | Should -Be 4
            $torrent.CreatedBy | Should -BeLike 'TorrentPS *'
        }

        It 'writes trackers in tiers, web seeds, the private flag, a comment and a source' {
            $file = Join-Path $root 'x.bin'
            [System.IO.File]::WriteAllBytes($file, (New-RandomBytes 1000))
            $out = Join-Path $root 'x.torrent'

            $torrent = New-Torrent $file $out -Tracker 'http://127.0.0.1:6969/announce,http://127.0.0.1:6970/announce', 'udp://127.0.0.1:6969' `
                -WebSeed 'http://127.0.0.1:8080/x.bin' -Private -Comment 'hello' -Source 'TPS' -PassThru

            $torrent.Trackers.Count | Should -Be 2
            @($torrent.Trackers[0]) | Should -Be @('http://127.0.0.1:6969/announce', 'http://127.0.0.1:6970/announce')
            @($torrent.Trackers[1]) | Should -Be @('udp://127.0.0.1:6969')
            @($torrent.WebSeeds) | Should -Be @('http://127.0.0.1:8080/x.bin')
            $torrent.IsPrivate | Should -BeTrue
            $torrent.Comment | Should -Be 'hello'
            $raw = ConvertFrom-Bencode -Path $out
            $raw.announce | Should -Be 'http://127.0.0.1:6969/announce'
            $raw.info.source | Should -Be 'TPS'
            $raw.info.private | Should -Be 1
        }

        It 'writes NAME.torrent in the current location when -OutFile is not given, and nothing without -PassThru' {
            $album = New-Album $root
            Push-Location $root
            try {
                $output = New-Torrent -Path $album
            }
            finally {
                Pop-Location
            }

            $output | Should -BeNullOrEmpty
            Join-Path $root 'album.torrent' | Should -Exist
        }

        It 'makes one torrent per folder from Get-ChildItem' {
            foreach ($name in 'one', 'two') {
                New-Item -ItemType Directory -Path (Join-Path $root "in/$name") -Force | Out-Null
                [System.IO.File]::WriteAllBytes((Join-Path $root "in/$name/data.bin"), (New-RandomBytes 5000))
            }
            Push-Location $root
            try {
                $torrents = Get-ChildItem -Directory (Join-Path $root 'in') | New-Torrent -PassThru
            }
            finally {
                Pop-Location
            }

            @($torrents.Name | Sort-Object) | Should -Be @('one', 'two')
            Join-Path $root 'one.torrent' | Should -Exist
            Join-Path $root 'two.torrent' | Should -Exist
        }

        It 'leaves hidden and junk files out unless -IncludeHidden' {
            $album = New-Album $root
            [System.IO.File]::WriteAllBytes((Join-Path $album '.hidden'), (New-RandomBytes 10))
            [System.IO.File]::WriteAllBytes((Join-Path $album 'Thumbs.db'), (New-RandomBytes 10))

            $without = New-Torrent $album (Join-Path $root 'a.torrent') -PassThru
            $with = New-Torrent $album (Join-Path $root 'b.torrent') -IncludeHidden -PassThru

            @($without.Files).Count | Should -Be 3
            @($with.Files.Path) | Should -Contain 'album/.hidden'
            @($with.Files.Path) | Should -Contain 'album/Thumbs.db'
        }

        It 'shows a progress bar while hashing' {
            $file = Join-Path $root 'big.bin'
            [System.IO.File]::WriteAllBytes($file, (New-RandomBytes (4MB) -Seed 3))
            $ProgressPreference = 'Continue'

            # Progress records cannot be captured by redirection in every host; the command must simply succeed with them on.
            $torrent = New-Torrent $file (Join-Path $root 'big.torrent') -PieceSize 16KB -PassThru

            $torrent.PieceCount | Should -Be 256
        }
    }

    Context 'Files that exist, -WhatIf and -Force' {
        It 'refuses to replace an existing file without -Force and replaces it with -Force' {
            $album = New-Album $root
            $out = Join-Path $root 'album.torrent'
            Set-Content -LiteralPath $out -Value 'old'

            New-Torrent $album $out -ErrorAction SilentlyContinue -ErrorVariable errors
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'OutFileExists,*'
            Get-Content -LiteralPath $out | Should -Be 'old'

            New-Torrent $album $out -Force
            (Get-TorrentInfo -LiteralPath $out).Name | Should -Be 'album'
        }

        It 'writes nothing with -WhatIf' {
            $album = New-Album $root
            $out = Join-Path $root 'album.torrent'

            New-Torrent $album $out -WhatIf

            $out | Should -Not -Exist
        }

        It 'leaves the .torrent out of the folder it is written into' {
            $album = New-Album $root

            $torrent = New-Torrent $album (Join-Path $album 'album.torrent') -PassThru

            @($torrent.Files).Count | Should -Be 3
        }
    }

    Context 'Errors' {
        It 'writes a non-terminating TorrentContentNotFound for a missing path and goes on with the others' {
            $album = New-Album $root
            Push-Location $root
            try {
                $torrents = New-Torrent -Path (Join-Path $root 'missing'), $album -PassThru -ErrorAction SilentlyContinue -ErrorVariable errors
            }
            finally {
                Pop-Location
            }

            @($torrents).Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'TorrentContentNotFound,*'
            $errors[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ObjectNotFound)
        }

        It 'refuses a piece size that is not a power of two with InvalidTorrentOption' {
            $album = New-Album $root

            { New-Torrent $album (Join-Path $root 'x.torrent') -PieceSize 20000 -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidTorrentOption,*'
        }

        It 'refuses a piece size below 16 KiB when binding' {
            $album = New-Album $root

            { New-Torrent $album (Join-Path $root 'x.torrent') -PieceSize 1000 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
        }

        It 'refuses a tracker that is not a tracker URL' {
            $album = New-Album $root

            { New-Torrent $album (Join-Path $root 'x.torrent') -Tracker 'ftp://127.0.0.1/x' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidTorrentOption,*'
        }

        It 'refuses a folder with no data' {
            New-Item -ItemType Directory -Path (Join-Path $root 'empty') | Out-Null

            New-Torrent (Join-Path $root 'empty') (Join-Path $root 'x.torrent') -ErrorAction SilentlyContinue -ErrorVariable errors

            $errors[0].FullyQualifiedErrorId | Should -BeLike 'NoTorrentContent,*'
            Join-Path $root 'x.torrent' | Should -Not -Exist
        }

        It 'writes -OutFile once and refuses the next input' {
            $one = Join-Path $root 'one.bin'
            $two = Join-Path $root 'two.bin'
            [System.IO.File]::WriteAllBytes($one, (New-RandomBytes 100))
            [System.IO.File]::WriteAllBytes($two, (New-RandomBytes 100 -Seed 2))

            $torrents = New-Torrent -Path $one, $two -OutFile (Join-Path $root 'only.torrent') -PassThru -ErrorAction SilentlyContinue -ErrorVariable errors

            @($torrents).Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'OutFileAlreadyWritten,*'
        }
    }

    Context 'With Test-TorrentData' {
        It 'makes a torrent whose data then checks complete' {
            $album = New-Album $root

            New-Torrent $album (Join-Path $root 'album.torrent') -PassThru | Test-TorrentData -Path $album -Quiet | Should -BeTrue
        }
    }
}
