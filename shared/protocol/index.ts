export * from './entities';
export * from './methods';
export * from './frames';
export * from './files';
