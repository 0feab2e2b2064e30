import { createRoot } from 'react-dom/client';
import { createQueryClient } from './data/query-client';
import { Root } from './Root';
import { applyTheme, savedTheme } from './theme';
import './styles/tokens.css';
import './styles/base.css';
import './styles/components.css';
import './styles/auth.css';
import './styles/layout.css';
import './styles/chat.css';
import './styles/dialog.css';
import './styles/settings.css';
import './styles/keyboard.css';
import './styles/search.css';
import './styles/messages.css';
import './styles/composer-extras.css';
import './styles/transfers.css';

// Before the first paint, so a chosen theme never flashes the other one.
applyTheme(savedTheme());

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');
createRoot(container).render(<Root queryClient={createQueryClient()} />);
