"""The workflow around one check: settings, packs, waivers, baselines, batches."""
