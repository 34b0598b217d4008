#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

Describe 'The staged TorrentPS module' -Tag 'CI' {
    BeforeAll {
        $manifestPath = "$PSScriptRoot/../../out/TorrentPS/TorrentPS.psd1"
        $module = Import-Module $manifestPath -Force -PassThru
        $manifest = Import-PowerShellDataFile -Path $manifestPath
    }

    AfterAll {
        Remove-Module TorrentPS -Force -ErrorAction SilentlyContinue
    }

    It 'passes Test-ModuleManifest' {
        { Test-ModuleManifest -Path $manifestPath -ErrorAction Stop } | Should -Not -Throw
    }

    It 'imports with the manifest version' {
        $module.Version | Should -Be ([version]$manifest.ModuleVersion)
    }

    It 'exports exactly the cmdlets the manifest lists, and nothing else' {
        @($module.ExportedCmdlets.Keys | Sort-Object) | Should -Be @($manifest.CmdletsToExport | Sort-Object)
        $module.ExportedFunctions.Count | Should -Be 0
        $module.ExportedAliases.Count | Should -Be 0
        $module.ExportedVariables.Count | Should -Be 0
    }

    It 'loads the engine so its types can be used from scripts' {
        [TorrentPS.InfoHash]::Parse('0123456789abcdef0123456789abcdef01234567').ToString() |
            Should -Be '0123456789abcdef0123456789abcdef01234567'
    }

    It 'loads the engine build made for this PowerShell, from lib/<framework>, and binds the cmdlets to it' {
        # net8.0 on .NET 8 and later (PowerShell 7.4+), netstandard2.0 on .NET Framework (Windows PowerShell 5.1).
        $framework, $frameworkName = if ([Environment]::Version.Major -ge 8) {
            'net8.0', '.NETCoreApp,Version=v8.0'
        } else {
            'netstandard2.0', '.NETStandard,Version=v2.0'
        }
        $engine = [TorrentPS.InfoHash].Assembly
        $expected = [System.IO.Path]::GetFullPath((Join-Path (Join-Path (Join-Path $module.ModuleBase 'lib') $framework) 'TorrentPS.Engine.dll'))

        [System.IO.Path]::GetFullPath($engine.Location) | Should -Be $expected
        $engine.GetCustomAttributes([System.Runtime.Versioning.TargetFrameworkAttribute], $false).FrameworkName | Should -Be $frameworkName
        (Get-Command Get-TorrentInfo).OutputType.Type.Assembly | Should -Contain $engine
        @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'TorrentPS.Engine' }).Count | Should -Be 1
    }

    It 'imports again after Remove-Module, on the engine already loaded' {
        $engine = [TorrentPS.InfoHash].Assembly
        Remove-Module TorrentPS -Force
        $again = Import-Module $manifestPath -PassThru

        $again.ExportedCmdlets.Count | Should -Be $manifest.CmdletsToExport.Count
        (Get-TorrentInfo -Uri 'magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567').InfoHash.GetType().Assembly | Should -Be $engine
    }

    It 'declares output types that PowerShell can see' {
        (Get-Command Get-TorrentInfo).OutputType.Name | Should -Contain 'TorrentPS.TorrentInfo'
        (Get-Command Get-TorrentInfo).OutputType.Name | Should -Contain 'TorrentPS.MagnetLink'
        (Get-Command ConvertTo-Bencode).OutputType.Name | Should -Contain 'System.Byte[]'
    }

    It 'binds Get-ChildItem output through the PSPath alias of -LiteralPath' {
        $parameters = (Get-Command Get-TorrentInfo).Parameters
        $parameters['LiteralPath'].Aliases | Should -Contain 'PSPath'
        $parameters['Path'].Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] }).ValueFromPipeline | Should -Contain $true
    }

    It 'has a format view for every type it formats' {
        $formats = Get-FormatData -TypeName 'TorrentPS.TorrentInfo', 'TorrentPS.TorrentFile', 'TorrentPS.MagnetLink'
        @($formats | ForEach-Object { $_.TypeNames } | Sort-Object -Unique) | Should -Be @('TorrentPS.MagnetLink', 'TorrentPS.TorrentFile', 'TorrentPS.TorrentInfo')
    }
}
