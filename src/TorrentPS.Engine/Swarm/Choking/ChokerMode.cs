namespace TorrentPS.Swarm.Choking
{
    /// <summary>What the choker rewards: the peers' upload to us while we download, turns for everyone while we seed.</summary>
    public enum ChokerMode
    {
        /// <summary>Tit-for-tat: the regular slots go to the interested peers that give us the most.</summary>
        Leeching,

        /// <summary>Round robin: each interested peer gets a turn of <see cref="ChokerSettings.SeedingTurn"/>.</summary>
        Seeding,
    }
}
