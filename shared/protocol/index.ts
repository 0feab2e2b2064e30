export * from './entities';
export * from './methods';
export * from './frames';
