# Helpers for the download tests (Download*.Tests.ps1): loopback ports, polling, a foreground download in its
# own runspace (so a test can bound it and stop it as Ctrl+C would), and a tiny seeder written in PowerShell.

function Get-ClosedLoopbackPort {
    # A port nothing listens on: trackers announced there refuse at once, and nothing leaves the machine.
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { return $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

# Polls until the condition holds; fails the test with the reason if it never does.
function Wait-Until {
    param([Parameter(Mandatory)][scriptblock] $Condition, [Parameter(Mandatory)][string] $Because, [int] $TimeoutSec = 30)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    while (-not (& $Condition)) {
        if ([DateTime]::UtcNow -gt $deadline) { throw "Timed out after $TimeoutSec s waiting until $Because." }
        Start-Sleep -Milliseconds 50
    }
}

# Start-TorrentDownload -Wait in a runspace of its own: the test thread stays free to bound the wait and to call
# Stop(), which is what Ctrl+C does to a pipeline (StopProcessing).
function Start-ForegroundDownload {
    param([Parameter(Mandatory)][string] $ModulePath, [Parameter(Mandatory)][hashtable] $Parameters)
    $shell = [powershell]::Create()
    $null = $shell.AddScript({
            param($ModulePath, $Parameters)
            Import-Module $ModulePath
            Start-TorrentDownload @Parameters -Wait
        }).AddArgument($ModulePath).AddArgument($Parameters)
    [pscustomobject]@{ Shell = $shell; Handle = $shell.BeginInvoke() }
}

# The foreground download's output once it has ended; stops it and fails if it takes longer than the bound.
function Receive-ForegroundDownload {
    param([Parameter(Mandatory)] $Run, [int] $TimeoutSec = 60)
    try {
        if (-not $Run.Handle.AsyncWaitHandle.WaitOne($TimeoutSec * 1000)) {
            $Run.Shell.Stop()
            throw "The foreground download did not end within $TimeoutSec s."
        }
        $output = $Run.Shell.EndInvoke($Run.Handle)
        [pscustomobject]@{ Output = @($output); Errors = @($Run.Shell.Streams.Error); Progress = @($Run.Shell.Streams.Progress) }
    }
    finally {
        $Run.Shell.Dispose()
    }
}

# A seeder for one connection, speaking plain BEP 3 (handshake, bitfield, unchoke, request -> piece) from its
# own runspace. It listens on loopback only.
function Start-TestSeeder {
    param([Parameter(Mandatory)][byte[]] $Content, [Parameter(Mandatory)][int] $PieceLength)
    $seederScript = {
        param($Listener, [byte[]] $Content, [int] $PieceLength, $State)
        $ErrorActionPreference = 'Stop'

        function Read-Bytes([int] $Count) {
            $buffer = [byte[]]::new($Count)
            $filled = 0
            while ($filled -lt $Count) {
                $read = $stream.Read($buffer, $filled, $Count - $filled)
                if ($read -le 0) { return $null }
                $filled += $read
            }
            , $buffer
        }

        function Get-BigEndian([int] $Value) {
            [byte[]] @((($Value -shr 24) -band 0xFF), (($Value -shr 16) -band 0xFF), (($Value -shr 8) -band 0xFF), ($Value -band 0xFF))
        }

        function Read-BigEndian([byte[]] $Bytes, [int] $Offset) {
            ([int] $Bytes[$Offset] -shl 24) -bor ([int] $Bytes[$Offset + 1] -shl 16) -bor ([int] $Bytes[$Offset + 2] -shl 8) -bor [int] $Bytes[$Offset + 3]
        }

        # <length: 4 bytes big-endian><id: 1 byte><payload>
        function Send-Message([int] $Id, [byte[]] $Payload) {
            $message = [byte[]]::new(5 + $Payload.Length)
            [Array]::Copy((Get-BigEndian (1 + $Payload.Length)), 0, $message, 0, 4)
            $message[4] = [byte] $Id
            [Array]::Copy($Payload, 0, $message, 5, $Payload.Length)
            $stream.Write($message, 0, $message.Length)
        }

        try {
            $client = $Listener.AcceptTcpClient()
            $State.Client = $client
            $client.NoDelay = $true
            $stream = $client.GetStream()
            $stream.ReadTimeout = 30000

            # They connected, so their handshake comes first; ours answers for the same info-hash, with no
            # extension bits (so they speak plain BEP 3 to us) and a peer id of our own.
            $theirs = Read-Bytes 68
            if ($null -eq $theirs -or $theirs[0] -ne 19) { throw 'The client did not send a BitTorrent handshake.' }
            $ours = [byte[]]::new(68)
            [Array]::Copy($theirs, 0, $ours, 0, 20)
            [Array]::Copy($theirs, 28, $ours, 28, 20)
            [Array]::Copy([System.Text.Encoding]::ASCII.GetBytes('-PT0001-pesterseeder'), 0, $ours, 48, 20)
            $stream.Write($ours, 0, $ours.Length)

            # Every piece, most significant bit first; the spare bits of the last byte stay zero.
            $pieceCount = [int][Math]::Ceiling($Content.Length / $PieceLength)
            $bitfield = [byte[]]::new([int][Math]::Ceiling($pieceCount / 8))
            for ($i = 0; $i -lt $pieceCount; $i++) {
                $byteIndex = [int][Math]::Floor($i / 8)
                $bitfield[$byteIndex] = [byte] ($bitfield[$byteIndex] -bor (0x80 -shr ($i % 8)))
            }
            Send-Message 5 $bitfield
            Send-Message 1 ([byte[]]::new(0))

            while ($true) {
                $prefix = Read-Bytes 4
                if ($null -eq $prefix) { break }
                $length = Read-BigEndian $prefix 0
                if ($length -eq 0) { continue }
                $body = Read-Bytes $length
                if ($null -eq $body) { break }
                switch ([int] $body[0]) {
                    2 {
                        # interested: we are unchoked already; saying so again is harmless.
                        Send-Message 1 ([byte[]]::new(0))
                    }
                    6 {
                        # request <index><begin><length> -> piece <index><begin><block>
                        $index = Read-BigEndian $body 1
                        $begin = Read-BigEndian $body 5
                        $size = Read-BigEndian $body 9
                        $block = [byte[]]::new(8 + $size)
                        [Array]::Copy($body, 1, $block, 0, 8)
                        [Array]::Copy($Content, [int] ($index * $PieceLength + $begin), $block, 8, $size)
                        Send-Message 7 $block
                        $State.BlocksServed++
                    }
                }
            }
        }
        catch {
            if (-not $State.Stopping) { $State.Error = $_.ToString() }
        }
        finally {
            if ($client) { $client.Close() }
        }
    }

    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    $state = [hashtable]::Synchronized(@{ Client = $null; BlocksServed = 0; Error = $null; Stopping = $false })
    $shell = [powershell]::Create()
    $null = $shell.AddScript($seederScript).AddArgument($listener).AddArgument($Content).AddArgument($PieceLength).AddArgument($state)
    [pscustomobject]@{
        Port     = $listener.LocalEndpoint.Port
        Listener = $listener
        State    = $state
        Shell    = $shell
        Handle   = $shell.BeginInvoke()
    }
}

function Stop-TestSeeder {
    param([Parameter(Mandatory)] $Seeder)
    $Seeder.State.Stopping = $true
    $Seeder.Listener.Stop()
    if ($Seeder.State.Client) { $Seeder.State.Client.Close() }
    # Closing the socket ends any read; the wait is a bound, not an expectation.
    $null = $Seeder.Handle.AsyncWaitHandle.WaitOne(10000)
    $Seeder.Shell.Dispose()
}
