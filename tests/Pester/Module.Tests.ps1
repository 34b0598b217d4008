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
