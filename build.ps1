#Requires -Version 5.1
<#
.SYNOPSIS
    Builds, tests, documents and packages the TorrentPS module.

.DESCRIPTION
    A thin wrapper over the dotnet CLI, so CI without PowerShell can run the same steps directly.

    Build    dotnet build TorrentPS.sln. An MSBuild step stages the importable module in out/TorrentPS.
    Test     Build, then dotnet test, then the Pester 5 tests in tests/Pester (tag CI) in a child
             PowerShell, so the freshly built assemblies are never locked by this session.
    Docs     PlatyPS New-ExternalHelp: docs/en-US -> out/TorrentPS/en-US (MAML and about_ topics). The build
             already stages the help committed in docs/en-US (compiled by the module tests' converter);
             PlatyPS, when present, overwrites those staged copies with its own output.
    Package  Build (and Docs when PlatyPS is available), then out/package/TorrentPS: the folder that
             Publish-Module -Path and Publish-PSResource -Path accept.

.EXAMPLE
    ./build.ps1 -Task Build, Test

.EXAMPLE
    ./build.ps1 -Task Package -Configuration Release
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Docs', 'Package')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$root = $PSScriptRoot
$solution = Join-Path $root 'TorrentPS.sln'
$staged = Join-Path (Join-Path $root 'out') 'TorrentPS'
$docs = Join-Path (Join-Path $root 'docs') 'en-US'
$pesterTests = Join-Path (Join-Path $root 'tests') 'Pester'

function Invoke-Native {
    param([string] $Command, [string[]] $Arguments)
    Write-Host "> $Command $($Arguments -join ' ')" -ForegroundColor Cyan
    & $Command @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "'$Command $($Arguments -join ' ')' failed with exit code $LASTEXITCODE."
    }
}

function Assert-DotNet {
    if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
        throw 'The .NET SDK (dotnet) is not on PATH. Install the .NET 10 SDK from https://dot.net.'
    }
}

function Invoke-Build {
    Assert-DotNet
    Invoke-Native dotnet @('build', $solution, '-c', $Configuration, '-nologo')
    if (-not (Test-Path (Join-Path $staged 'TorrentPS.psd1'))) {
        throw "The build did not stage the module in $staged."
    }
    Write-Host "Module staged: Import-Module '$staged'" -ForegroundColor Green
}

function Invoke-Test {
    Invoke-Native dotnet @('test', $solution, '-c', $Configuration, '--no-build', '-nologo')

    $pester = Get-Module -ListAvailable -Name Pester | Where-Object { $_.Version -ge [version]'5.0.0' } |
        Sort-Object Version -Descending | Select-Object -First 1
    if (-not $pester) {
        Write-Warning ('Pester 5 is not installed, so the PowerShell tests in tests/Pester were skipped. ' +
            'Install it with: Install-Module Pester -MinimumVersion 5.0 -Scope CurrentUser -Force -SkipPublisherCheck')
        return
    }

    # A child process: the module's assemblies load there and are released when it exits.
    $shell = (Get-Process -Id $PID).Path
    $script = "Import-Module Pester -RequiredVersion '$($pester.Version)'; " +
        "Invoke-Pester -Path '$($pesterTests.Replace("'", "''"))' -TagFilter CI -CI -Output Detailed"
    Invoke-Native $shell @('-NoProfile', '-NonInteractive', '-Command', $script)
}

function Invoke-Docs {
    if (-not (Get-Module -ListAvailable -Name platyPS)) {
        throw ('PlatyPS is not installed, so the help cannot be compiled. Install it with: ' +
            'Install-Module platyPS -RequiredVersion 0.14.2 -Scope CurrentUser')
    }
    Import-Module platyPS
    if (-not (Test-Path $staged)) {
        throw "Build first: $staged does not exist."
    }
    $helpFolder = Join-Path $staged 'en-US'
    # The build staged docs/en-US/TorrentPS.dll-Help.xml and about_TorrentPS.help.txt here already; -Force
    # replaces them with PlatyPS's output (an about_ page whose second heading is not its topic name is one
    # PlatyPS 0.14 skips, so that staged topic stays).
    # The module page (TorrentPS.md) is for readers, not for Get-Help.
    $pages = Get-ChildItem -Path $docs -Filter *.md | Where-Object { $_.Name -ne 'TorrentPS.md' }
    New-ExternalHelp -Path $pages.FullName -OutputPath $helpFolder -Force | ForEach-Object {
        Write-Host "Help: $($_.FullName)"
    }
}

function Invoke-Package {
    if (Get-Module -ListAvailable -Name platyPS) {
        Invoke-Docs
    }
    else {
        Write-Warning 'PlatyPS is not installed: packaging without compiled help (Install-Module platyPS).'
    }

    $package = Join-Path (Join-Path (Join-Path $root 'out') 'package') 'TorrentPS'
    if (Test-Path $package) {
        Remove-Item -Path $package -Recurse -Force
    }
    New-Item -ItemType Directory -Path $package | Out-Null
    Copy-Item -Path (Join-Path $staged '*') -Destination $package -Recurse

    $manifest = Test-ModuleManifest -Path (Join-Path $package 'TorrentPS.psd1')
    Write-Host "Packaged TorrentPS $($manifest.Version) in $package" -ForegroundColor Green
    Write-Host 'Publish it with one of:'
    Write-Host "  Publish-PSResource -Path '$package' -Repository PSGallery -ApiKey <key>"
    Write-Host "  Publish-Module -Path '$package' -NuGetApiKey <key>"
}

try {
    # Test and Package need a build; asking for them alone builds first.
    $steps = [System.Collections.Generic.List[string]]::new()
    foreach ($name in $Task) {
        if ($name -in 'Test', 'Package' -and -not $steps.Contains('Build')) {
            $steps.Add('Build')
        }
        if (-not $steps.Contains($name)) {
            $steps.Add($name)
        }
    }

    foreach ($step in $steps) {
        Write-Host "== $step ==" -ForegroundColor Yellow
        switch ($step) {
            'Build' { Invoke-Build }
            'Test' { Invoke-Test }
            'Docs' { Invoke-Docs }
            'Package' { Invoke-Package }
        }
    }
    exit 0
}
catch {
    Write-Host "build.ps1: $($_.Exception.Message)" -ForegroundColor Red
    exit 1
}
