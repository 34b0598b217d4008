# Fixtures for the TorrentPS Pester tests. Torrents are assembled byte by byte here, independently of the
# module, so the module's parser, info-hash and encoder are all checked against bytes it did not make.

function Get-AsciiBytes {
    param([Parameter(Mandatory)][AllowEmptyString()][string] $Text)
    return , [System.Text.Encoding]::ASCII.GetBytes($Text)
}

function Join-Bytes {
    param([Parameter(Mandatory)][object[]] $Parts)
    $stream = [System.IO.MemoryStream]::new()
    foreach ($part in $Parts) {
        if ($part -is [string]) {
            $part = [System.Text.Encoding]::ASCII.GetBytes($part)
        }
        $stream.Write([byte[]] $part, 0, $part.Length)
    }
    return , $stream.ToArray()
}

function Get-Sha1Hex {
    param([Parameter(Mandatory)][byte[]] $Bytes)
    $sha1 = [System.Security.Cryptography.SHA1]::Create()
    try {
        return (($sha1.ComputeHash($Bytes) | ForEach-Object { $_.ToString('x2') }) -join '')
    }
    finally {
        $sha1.Dispose()
    }
}

function Get-PieceHashes {
    param([Parameter(Mandatory)][byte[]] $Content, [Parameter(Mandatory)][int] $PieceLength)
    $sha1 = [System.Security.Cryptography.SHA1]::Create()
    try {
        $stream = [System.IO.MemoryStream]::new()
        for ($offset = 0; $offset -lt $Content.Length; $offset += $PieceLength) {
            $count = [Math]::Min($PieceLength, $Content.Length - $offset)
            $hash = $sha1.ComputeHash($Content, $offset, $count)
            $stream.Write($hash, 0, $hash.Length)
        }
        return , $stream.ToArray()
    }
    finally {
        $sha1.Dispose()
    }
}

function New-RandomBytes {
    param([Parameter(Mandatory)][int] $Length, [int] $Seed = 1)
    $bytes = [byte[]]::new($Length)
    [System.Random]::new($Seed).NextBytes($bytes)
    return , $bytes
}

# Writes a single-file torrent (ASCII name) and returns its path, its exact bytes, the exact bytes of its info
# dictionary, the SHA-1 of those (the info-hash), and the same torrent as an ordered dictionary.
function New-TestTorrent {
    param(
        [Parameter(Mandatory)][string] $Path,
        [Parameter(Mandatory)][string] $Name,
        [Parameter(Mandatory)][byte[]] $Content,
        [int] $PieceLength = 16384,
        [string] $Announce = 'http://127.0.0.1:6969/announce'
    )
    $pieces = Get-PieceHashes -Content $Content -PieceLength $PieceLength
    # Keys in sorted order, as bencode requires: length, name, piece length, pieces.
    # The comma operator keeps each byte[] one element (@( ) would unroll it).
    $info = Join-Bytes -Parts ("d6:lengthi$($Content.Length)e4:name$($Name.Length):$($Name)12:piece lengthi$($PieceLength)e6:pieces$($pieces.Length):", $pieces, 'e')
    $torrent = Join-Bytes -Parts ("d8:announce$($Announce.Length):$($Announce)4:info", $info, 'e')
    [System.IO.File]::WriteAllBytes($Path, $torrent)

    [pscustomobject]@{
        Path       = $Path
        Bytes      = $torrent
        InfoBytes  = $info
        InfoHash   = Get-Sha1Hex -Bytes $info
        Dictionary = [ordered]@{
            announce = $Announce
            info     = [ordered]@{
                length         = $Content.Length
                name           = $Name
                'piece length' = $PieceLength
                pieces         = $pieces
            }
        }
    }
}

function ConvertTo-Base64 {
    param([Parameter(Mandatory)][byte[]] $Bytes)
    return [System.Convert]::ToBase64String($Bytes)
}
