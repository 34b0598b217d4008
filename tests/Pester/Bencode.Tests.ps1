#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

Describe 'ConvertFrom-Bencode and ConvertTo-Bencode' -Tag 'CI' {
    BeforeAll {
        Import-Module "$PSScriptRoot/../../out/TorrentPS/TorrentPS.psd1" -Force
        . "$PSScriptRoot/TorrentTestHelpers.ps1"

        $folder = Join-Path $TestDrive 'bencode'
        New-Item -ItemType Directory -Path $folder -Force | Out-Null
        $torrent = New-TestTorrent -Path (Join-Path $folder 'alpha.torrent') -Name 'alpha.bin' -Content (New-RandomBytes 40000 -Seed 7)
        $brokenPath = Join-Path $folder 'broken.torrent'
        [System.IO.File]::WriteAllBytes($brokenPath, (Get-AsciiBytes 'd4:spami1e'))

        function ConvertTo-Text([byte[]] $Bytes) { [System.Text.Encoding]::UTF8.GetString($Bytes) }
    }

    AfterAll {
        Remove-Module TorrentPS -Force -ErrorAction SilentlyContinue
    }

    Context 'ConvertFrom-Bencode' {
        It 'turns dictionaries into ordered hashtables, integers into Int64 and binary strings into byte[]' {
            $value = ConvertFrom-Bencode -Path $torrent.Path

            $value | Should -BeOfType ([System.Collections.Specialized.OrderedDictionary])
            @($value.Keys) | Should -Be @('announce', 'info')
            $value.announce | Should -Be 'http://127.0.0.1:6969/announce'
            $value.info.name | Should -Be 'alpha.bin'
            $value.info.length | Should -BeOfType ([long])
            $value.info.length | Should -Be 40000
            $value.info.'piece length' | Should -Be 16384
            $value.info.pieces.GetType() | Should -Be ([byte[]])
            $value.info.pieces.Length | Should -Be 60
        }

        It 'keeps every string as byte[] with -AsByteArray' {
            $value = ConvertFrom-Bencode -LiteralPath $torrent.Path -AsByteArray

            $value.info.name.GetType() | Should -Be ([byte[]])
            ConvertTo-Text $value.info.name | Should -Be 'alpha.bin'
        }

        It 'gives the same object for bytes piped one by one, wrapped, or passed to -InputObject' {
            $bytes = $torrent.Bytes

            $one = ConvertFrom-Bencode -InputObject $bytes
            $piped = $bytes | ConvertFrom-Bencode
            $wrapped = , $bytes | ConvertFrom-Bencode

            foreach ($value in $one, $piped, $wrapped) {
                $value.info.name | Should -Be 'alpha.bin'
                ConvertTo-Base64 ($value | ConvertTo-Bencode) | Should -Be (ConvertTo-Base64 $bytes)
            }
        }

        It 'returns one object per document when several are piped together' {
            $values = @(, (Get-AsciiBytes 'i1ed1:ai2ee') | ConvertFrom-Bencode)

            $values.Count | Should -Be 2
            $values[0] | Should -Be 1
            $values[1].a | Should -Be 2
        }

        It 'keys a scrape reply by the hex of the binary info-hash' {
            [byte[]] $hash = 0..19 | ForEach-Object { 255 - $_ }
            $hex = ($hash | ForEach-Object { $_.ToString('x2') }) -join ''
            $reply = Join-Bytes -Parts ('d5:filesd20:', $hash, 'd8:completei5e10:downloadedi9e10:incompletei1eeee')

            $value = ConvertFrom-Bencode -InputObject $reply

            $value.files[$hex].complete | Should -Be 5
            ConvertTo-Base64 ($value | ConvertTo-Bencode) | Should -Be (ConvertTo-Base64 $reply)
        }

        It 'reads the files Get-ChildItem pipes in and reports a bad one as InvalidBencode' {
            $errors = $null

            $values = Get-ChildItem -Path $folder -Filter '*.torrent' | ConvertFrom-Bencode -ErrorAction SilentlyContinue -ErrorVariable errors

            @($values).Count | Should -Be 1
            $values.info.name | Should -Be 'alpha.bin'
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidBencode,*'
            $errors[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidData)
            $errors[0].TargetObject | Should -Be (Get-Item -LiteralPath $brokenPath).FullName
            $errors[0].Exception.Message | Should -BeLike '*byte 10*'
        }

        It 'reports a missing file as FileNotFound' {
            $errors = $null

            ConvertFrom-Bencode -Path (Join-Path $folder 'missing.dat') -ErrorAction SilentlyContinue -ErrorVariable errors

            $errors[0].FullyQualifiedErrorId | Should -BeLike 'FileNotFound,*'
        }
    }

    Context 'ConvertTo-Bencode' {
        It 'encodes an ordered dictionary to exactly the bytes of a hand-built torrent' {
            $bytes = $torrent.Dictionary | ConvertTo-Bencode

            $bytes.GetType() | Should -Be ([byte[]])
            ConvertTo-Base64 $bytes | Should -Be (ConvertTo-Base64 $torrent.Bytes)
        }

        It 'writes a torrent that Get-TorrentInfo reads with the independently computed info-hash' {
            $path = Join-Path $TestDrive 'written.torrent'

            $output = $torrent.Dictionary | ConvertTo-Bencode -OutFile $path

            $output | Should -BeNullOrEmpty
            (Get-TorrentInfo -LiteralPath $path).InfoHash.ToString() | Should -Be $torrent.InfoHash
            ConvertTo-Base64 ([System.IO.File]::ReadAllBytes($path)) | Should -Be (ConvertTo-Base64 $torrent.Bytes)
        }

        It 'writes nothing with -WhatIf' {
            $path = Join-Path $TestDrive 'whatif.torrent'

            $torrent.Dictionary | ConvertTo-Bencode -OutFile $path -WhatIf

            Test-Path -LiteralPath $path | Should -BeFalse
        }

        It 'round-trips a canonical input byte for byte' {
            $bytes = $torrent.Bytes

            $again = ConvertFrom-Bencode -InputObject $bytes | ConvertTo-Bencode

            ConvertTo-Base64 $again | Should -Be (ConvertTo-Base64 $bytes)
        }

        It 'sorts hashtable keys and encodes strings, integers, booleans and arrays' {
            ConvertTo-Text (@{ size = 42; name = 'demo'; tags = 'a', 'b'; private = $true } | ConvertTo-Bencode) |
                Should -Be 'd4:name4:demo7:privatei1e4:sizei42e4:tagsl1:a1:bee'
        }

        It 'encodes a PSCustomObject as a dictionary of its properties' {
            ConvertTo-Text ([pscustomobject]@{ name = 'n'; size = 3 } | ConvertTo-Bencode) | Should -Be 'd4:name1:n4:sizei3ee'
        }

        It 'writes several piped objects as one list, as ConvertTo-Json does' {
            ConvertTo-Text (1, 'a', @{ k = 'v' } | ConvertTo-Bencode) | Should -Be 'li1e1:ad1:k1:vee'
        }

        It 'keeps a byte array whole when it is given to -InputObject' {
            ConvertTo-Text (ConvertTo-Bencode -InputObject ([byte[]](104, 105))) | Should -Be '2:hi'
        }

        It 'refuses values bencode cannot hold and names where they are' {
            $errors = $null

            $result = [ordered]@{ info = [ordered]@{ files = @([ordered]@{ length = 1.5 }) } } |
                ConvertTo-Bencode -ErrorAction SilentlyContinue -ErrorVariable errors

            $result | Should -BeNullOrEmpty
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'UnsupportedBencodeValue,*'
            $errors[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidArgument)
            $errors[0].Exception.Message | Should -Match "'info\.files\[0\]\.length'.*floating-point"
        }
    }
}
